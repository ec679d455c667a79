-- SILENT (docs/channels.md, "Health"): WHAPI says AUTH, but a message sent through the channel got
-- no status within channel.health.silent-after. Decided by the monitor, like STUCK.
alter table channel_health drop constraint channel_health_known;
alter table channel_health add constraint channel_health_known
    check (health in ('HEALTHY', 'LINKING', 'STARTING', 'STUCK', 'FAILED', 'SILENT'));

-- what the monitor looks for on every pass: sends WHAPI accepted and never reported on
create index channel_message_awaiting_status on channel_message (channel_id, created_at)
    where direction = 'OUT' and status = 'ACCEPTED';
