-- The claim takes the due queue heads in (next_attempt_at, seq) order and stops after a round: with seq in the
-- index, a walk of it gives that order without a sort (the claim's transaction turns bitmap scans and sorts off).
create index webhook_delivery_due_in_order on webhook_delivery (next_attempt_at, seq) where status = 'PENDING';
drop index webhook_delivery_due;
