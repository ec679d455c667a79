-- The activity trail (issue 25, item 6; docs/operators.md "Activity trail"): who changed what, when
-- and why, written by the service that makes the change in the transaction that makes it.
-- Append-only: only the retention job deletes, nothing updates. Never a secret or a message body:
-- before and after hold the views the service chose to show (credentials masked).
create table activity (
    id             bigserial primary key,
    at             timestamptz not null,
    actor          text        not null,
    api_key_id     text,
    customer_id    text,
    action         text        not null constraint activity_action_named check (length(action) between 1 and 80),
    target         text,
    reason         text,
    before         jsonb,
    after          jsonb,
    correlation_id text
);
create index activity_in_time on activity (at, id);
create index activity_of_customer_in_time on activity (customer_id, at, id);

create function activity_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the activity trail is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger activity_never_updated before update on activity for each row execute function activity_append_only();
