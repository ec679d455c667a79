package app.reseller.channel.config;

import app.reseller.platform.calls.CallPolicy;

/**
 * How each call to WHAPI is guarded ({@code channel.whapi.calls.manager.<call>.*} and
 * {@code channel.whapi.calls.gate.<call>.*}; the values and why are in application.properties and
 * docs/configuration.md). Reads, mode changes, deletes and the gate's calls may be repeated; create,
 * extend, restart and send never are (stop and start may be) (only their callers can tell, by reading WHAPI's state,
 * whether a failed call happened).
 */
public interface WhapiCalls {

    Manager manager();

    Gate gate();

    /** The partner's manager API (quarkus.rest-client.whapi-manager). */
    interface Manager {
        CallPolicy create();

        CallPolicy get();

        CallPolicy list();

        CallPolicy extend();

        CallPolicy changeMode();

        CallPolicy delete();

        CallPolicy restart();

        /** Stop with saveDays: repeatable (a second stop withdraws nothing more). */
        CallPolicy stop();

        /** Start: repeatable (a running channel is left as it is). */
        CallPolicy start();
    }

    /** The gate API, with a channel's own token (quarkus.rest-client.whapi-gate). */
    interface Gate {
        CallPolicy qr();

        CallPolicy qrImage();

        CallPolicy pairingCode();

        CallPolicy health();

        /** The active probe: one try, no breaker (an unanswered probe is the evidence). */
        CallPolicy probe();

        CallPolicy updateSettings();

        CallPolicy send();

        CallPolicy logout();
    }
}
