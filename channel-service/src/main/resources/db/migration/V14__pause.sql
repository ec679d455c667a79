-- A seasonal customer keeps its number without paying for idle days: the channel is stopped at WHAPI
-- with its days saved (PAUSING while that is under way, PAUSED after), keeps its plan slot, and runs
-- again on resume. The saved days are computed from activeTill before and after WHAPI's stop (WHAPI
-- answers only {success}); the "before" is kept on the row, so a pause resumed after a crash, when
-- WHAPI has already stopped the channel, still knows how many days it saved.
alter table channel drop constraint channel_state_known;
alter table channel add constraint channel_state_known
    check (state in ('QUEUED', 'CREATING', 'ACTIVE', 'PAUSING', 'PAUSED', 'DELETING', 'FAILED', 'DELETED'));
drop index channel_holding_a_slot;
create index channel_holding_a_slot on channel (customer_id)
    where state in ('QUEUED', 'CREATING', 'ACTIVE', 'PAUSING', 'PAUSED', 'DELETING');

alter table channel add column pause_active_till timestamptz;
alter table channel add column paused_at timestamptz;
alter table channel add constraint channel_paused_has_time check (state <> 'PAUSED' or paused_at is not null);
