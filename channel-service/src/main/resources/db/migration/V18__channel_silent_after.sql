-- A channel's own silence threshold (docs/channels.md, "Health"): how long a send may wait for its
-- first status before the channel counts as SILENT. Null: channel.health.silent-after. A channel
-- whose customers answer slowly by nature (a bulk sender through a busy number) sets it longer.
alter table channel add column silent_after_seconds integer
    constraint channel_silent_after_range check (silent_after_seconds between 60 and 604800);
