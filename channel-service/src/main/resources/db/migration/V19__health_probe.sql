-- The active probe (docs/channels.md, "Health"): an idle linked channel's worker is asked for its
-- health every channel.health.probe-every; channel.health.probe-failures failed probes in a row, with
-- nothing flowing meanwhile, make it SILENT (restarted like any silent channel), and an answered probe
-- ends a silence the probe itself decided (never one a send's missing status decided).
alter table channel_health add column probed_at timestamptz;
alter table channel_health add column probe_failures integer not null default 0
    constraint channel_health_probe_failures_not_negative check (probe_failures >= 0);
-- which evidence made it SILENT: the probe (an answered probe ends it) or a send without status (only a flow ends it)
alter table channel_health add column silent_by_probe boolean not null default false;
