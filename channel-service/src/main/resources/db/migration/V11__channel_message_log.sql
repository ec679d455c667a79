-- Exports of the messages through customers' own channels for a period (issue 25): in
-- (created_at, id) order, every customer's (admin) or one customer's, an index range a page at a time.
create index channel_message_in_time on channel_message (created_at, id);
create index channel_message_of_customer_in_time on channel_message (customer_id, created_at, id);
