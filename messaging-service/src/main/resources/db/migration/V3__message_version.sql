-- An outbound message is written by its sender (accepted, refused, requeued), by Wappin's callbacks
-- (one conditional UPDATE by status rank) and by inquiries: every write bumps this version, so an
-- entity write based on a stale read fails and is redone from a fresh read (docs/concurrency.md).
alter table outbound_message add column version bigint not null default 0;
