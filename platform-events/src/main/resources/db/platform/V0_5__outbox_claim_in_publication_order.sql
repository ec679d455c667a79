-- The relay claims the oldest unsent rows of its buckets, a batch at a time. The index of V0_1,
-- (bucket, seq), cannot give that order for several buckets at once, so PostgreSQL read every entry of
-- the claimed buckets in a bitmap scan and sorted them. A bitmap scan never marks the entries of rows
-- already sent as dead, so until a vacuum every claim also read every row sent since the last one:
-- measured after 45 s at 2,000 events/s, 89,040 entries and 3,607 heap pages for an empty claim, 63 ms,
-- and the relay fell further behind each second (docs/benchmarks.md). Led by seq, the index is the
-- publication order itself: the scan stops after a batch, and an index scan marks the entries of sent
-- rows dead as it passes them, so the next claim skips them without reading the table. The bucket is the
-- second key so that a replica's buckets are checked in the index, not in the table.
create index outbox_event_unsent_in_order on outbox_event (seq, bucket) where sent_at is null;
drop index outbox_event_unsent;

-- The entries of sent rows stay in that index until a vacuum, and the claim still steps over them
-- (measured: 150,000 of them, 16-24 ms for an empty claim). By default autovacuum waits for a fifth of
-- the table to be dead, and sent rows are kept for days (platform.outbox.relay.retention), so the wait
-- would grow with the table: vacuum after a fixed number of sent rows instead.
alter table outbox_event set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 20000,
                              autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 20000);
