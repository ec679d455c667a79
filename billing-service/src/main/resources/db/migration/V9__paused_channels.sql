-- A paused channel (channel-service's ChannelPaused) is stopped at WHAPI with its days given back:
-- the automatic top-up leaves it alone until it is resumed (ChannelResumed), else every run would
-- reserve days for it only to have them released again.
alter table billing_channel add column paused boolean not null default false;
