package app.reseller.messaging.rest;

import app.reseller.messaging.OutboundMessage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the API shows. Never a Wappin credential or access token. */
final class Views {

    private Views() {
    }

    record TimelineEntry(String status, Instant at, String source) {
        static TimelineEntry of(app.reseller.messaging.repository.MessageRepository.TimelineStep step) {
            return new TimelineEntry(step.status(), step.at(), step.source());
        }
    }

    record MessageView(UUID id, String customerId, String recipient, String kind, String template, Map<String, String> params,
                       String status, String wappinMessageId, String failureCode, String failure, Instant createdAt,
                       Instant updatedAt, List<TimelineEntry> timeline) {
        static MessageView of(OutboundMessage m, List<TimelineEntry> timeline) {
            return new MessageView(m.id, m.customerId, m.recipient, m.kind.name(), m.template, m.params, m.status.name(),
                    m.wappinMessageId, m.failureCode, m.failure, m.createdAt, m.updatedAt, timeline);
        }
    }

    record Page<T>(List<T> items, int page, int size, long total) {
    }
}
