-- A ChannelExpiring event is written once per channel and end date: an extension moves active_till,
-- so the next period gets its own warning. Kept apart from the channel row, so that the warning job
-- never races the channel's own versioned writes.
create table channel_expiry_warning (
    channel_id  uuid        not null references channel,
    active_till timestamptz not null,
    warned_at   timestamptz not null,
    primary key (channel_id, active_till)
);
