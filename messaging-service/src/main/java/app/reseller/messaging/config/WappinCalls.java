package app.reseller.messaging.config;

import app.reseller.platform.calls.CallPolicy;

/**
 * How each call to Wappin is guarded ({@code messaging.wappin.calls.<call>.*}; the values are in
 * application.properties and docs/configuration.md). The token request, inquiry and number check
 * are reads and may be repeated; the three sends never are (a send whose answer was lost may have
 * gone out, and only MessageSender can decide).
 */
public interface WappinCalls {

    CallPolicy token();

    CallPolicy sendHsm();

    CallPolicy sendText();

    CallPolicy sendMedia();

    CallPolicy inquiry();

    CallPolicy numberCheck();
}
