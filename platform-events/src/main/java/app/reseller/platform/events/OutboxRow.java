package app.reseller.platform.events;

import io.vertx.mutiny.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One unsent outbox row as the relay reads it. */
record OutboxRow(long seq, UUID id, String topic, String aggregateId, String type, String subject,
                 String payload, OffsetDateTime createdAt, String traceparent) {

    static final String COLUMNS = "seq, id, topic, aggregateid, type, subject, payload::text as payload, created_at, traceparent";

    static OutboxRow from(Row row) {
        return new OutboxRow(row.getLong("seq"), row.getUUID("id"), row.getString("topic"),
                row.getString("aggregateid"), row.getString("type"), row.getString("subject"),
                row.getString("payload"), row.getOffsetDateTime("created_at"), row.getString("traceparent"));
    }
}
