-- The operators' channel list (issue 25): one index per sort order, on the very expression the list
-- sorts by, with the id that breaks ties, so a page is an index range scan after the cursor however
-- deep it is. The coalesce puts channels without an end date (being created, failed) last.
create index channel_by_expiry on channel ((coalesce(active_till, 'infinity'::timestamptz)), id);
create index channel_by_creation on channel (created_at, id);
create index channel_by_name on channel ((name collate "C"), id);
-- the filters an operator combines most: expiring soon within a state, a customer's fleet
create index channel_by_state_expiry on channel (state, (coalesce(active_till, 'infinity'::timestamptz)), id);
-- "name contains": a trigram index answers a part of a name without reading every row (pg_trgm is
-- a trusted extension: the database's owner may create it)
create extension if not exists pg_trgm;
create index channel_name_trigrams on channel using gin (lower(name) gin_trgm_ops);
