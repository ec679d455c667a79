-- The W3C traceparent of the request that asked for the extension (docs/observability.md): the
-- executor's WHAPI call, picked up later from this row, continues that trace.
alter table extension_request add column traceparent text
    constraint extension_request_traceparent_format check (traceparent ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');
