-- The W3C traceparent of the transaction that wrote the event: the relay publishes the record in
-- that trace (traceparent header), and the consumers continue it. Null for rows written outside
-- any trace (and for rows from before tracing).
alter table outbox_event add column traceparent text
    constraint outbox_event_traceparent_format check (traceparent ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');
