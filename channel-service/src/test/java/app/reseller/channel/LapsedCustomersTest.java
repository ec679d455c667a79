package app.reseller.channel;

import app.reseller.infra.TestEvents;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionEnded;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionRestored;
import app.reseller.platform.events.contract.BillingEvents.SubscriptionSuspended;
import app.reseller.platform.events.contract.ChannelEvents.ChannelDeleted;
import app.reseller.platform.events.contract.ChannelEvents.ChannelPaused;
import app.reseller.platform.events.contract.ChannelEvents.ChannelResumed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static app.reseller.channel.ChannelTestSupport.DB;
import static app.reseller.channel.ChannelTestSupport.channelEvents;
import static app.reseller.channel.ChannelTestSupport.createChannel;
import static app.reseller.channel.ChannelTestSupport.entitle;
import static app.reseller.channel.ChannelTestSupport.publishBillingEvent;
import static app.reseller.infra.TestCallers.newCustomer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the grace policy's steps do to a customer's channels: SUSPENDED pauses its running channels
 * once (a redelivered event starts nothing new), paying resumes what the suspension paused, EXPIRED
 * unpaid deletes them; another customer's channels, and an end for another reason, are left alone.
 */
@ChannelTest
class LapsedCustomersTest extends CleanWhapiPerTest {

    @Test
    void aSuspendedCustomersChannelsArePausedOnceResumedWhenItPaysAndDeletedWhenItExpiresUnpaid() {
        String customer = newCustomer();
        entitle(customer, 3, 100);
        List<String> channels = List.of(createChannel(customer, "grace a"), createChannel(customer, "grace b"));
        String other = newCustomer();
        entitle(other, 1, 10);
        String theirs = createChannel(other, "paid up");
        UUID subscription = UUID.randomUUID();

        var suspended = publishBillingEvent(customer, SubscriptionSuspended.TYPE,
                new SubscriptionSuspended(customer, subscription, Instant.now().plus(Duration.ofDays(23))));
        TestEvents.send(suspended); // delivered twice
        await().atMost(Duration.ofSeconds(60)).until(() -> states(channels).equals(List.of("PAUSED", "PAUSED")));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> channels.stream()
                .allMatch(channel -> channelEvents(ChannelPaused.TYPE, channel).size() == 1));
        assertEquals(1, DB.number("select count(*) from bulk_job where customer_id = '" + customer
                + "' and requested_by = 'platform:grace-policy' and action = 'PAUSE'"), "one job for the suspension, delivered twice");
        assertEquals(List.of("ACTIVE"), states(List.of(theirs)), "another customer's channel runs on");

        publishBillingEvent(customer, SubscriptionRestored.TYPE,
                new SubscriptionRestored(customer, subscription, "SUSPENDED", Instant.now().plus(Duration.ofDays(30))));
        await().atMost(Duration.ofSeconds(60)).until(() -> states(channels).equals(List.of("ACTIVE", "ACTIVE")));
        channels.forEach(channel -> assertEquals(1, channelEvents(ChannelResumed.TYPE, channel).size(), "resumed once: " + channel));

        // an end for another reason (the operator cancelled) leaves the channels to run out their days
        publishBillingEvent(customer, SubscriptionEnded.TYPE, new SubscriptionEnded(customer, subscription, "CANCELLED", "customer asked"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> states(channels).equals(List.of("ACTIVE", "ACTIVE")));

        publishBillingEvent(customer, SubscriptionEnded.TYPE, new SubscriptionEnded(customer, subscription, "EXPIRED", SubscriptionEnded.UNPAID));
        await().atMost(Duration.ofSeconds(60)).until(() -> states(channels).equals(List.of("DELETED", "DELETED")));
        channels.forEach(channel -> assertEquals(1, channelEvents(ChannelDeleted.TYPE, channel).size(), "deleted once: " + channel));
        assertEquals(List.of("ACTIVE"), states(List.of(theirs)));
    }

    private static List<String> states(List<String> channels) {
        return channels.stream().map(channel -> DB.strings("select state from channel where id = '" + channel + "'").get(0)).toList();
    }
}
