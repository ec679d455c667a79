-- The health state machine of each channel (docs/channels.md, "Health"): WHAPI's status as last
-- seen, the platform's verdict, since when, and the automatic restarts of a stuck channel. Kept
-- apart from the channel row: webhooks, the health poll and the restarter write it with
-- conditional statements, never racing the channel's own versioned writes.
create table channel_health (
    channel_id      uuid        primary key references channel,
    status          text        not null,
    health          text        not null,
    since           timestamptz not null,
    -- automatic restarts since the channel was last healthy, and when the next one may go
    restarts        int         not null default 0,
    next_restart_at timestamptz,
    updated_at      timestamptz not null,
    constraint channel_health_known check (health in ('HEALTHY', 'LINKING', 'STARTING', 'STUCK', 'FAILED')),
    constraint channel_health_restarts_counted check (restarts >= 0)
);
create index channel_health_not_healthy on channel_health (since) where health in ('STARTING', 'STUCK', 'FAILED');

-- every change of status or verdict, with its time and cause
create table channel_health_transition (
    id          bigserial   primary key,
    channel_id  uuid        not null references channel,
    from_status text,
    to_status   text        not null,
    from_health text,
    to_health   text        not null,
    cause       text        not null,
    at          timestamptz not null
);
create index channel_health_transition_of_channel on channel_health_transition (channel_id, id);
