-- Message exports for a period (issue 25): in (created_at, id) order, every customer's (admin) or one
-- customer's, so an export is an index range read a page at a time after its cursor.
create index outbound_message_in_time on outbound_message (created_at, id);
create index outbound_message_of_customer_in_time on outbound_message (customer_id, created_at, id);
drop index outbound_message_by_customer; -- (customer_id, created_at desc): the index above serves it backwards
