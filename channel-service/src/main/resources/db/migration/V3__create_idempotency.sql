-- POST /channels honours Idempotency-Key: a retried create (a lost answer, a 503 from the gateway)
-- finds the channel its first attempt made instead of making another. A FAILED attempt frees its
-- key, so the same request can be retried once the cause is fixed.
alter table channel add column idempotency_key text;
create unique index channel_one_per_idempotency_key on channel (customer_id, idempotency_key)
    where idempotency_key is not null and state <> 'FAILED';
