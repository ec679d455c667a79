-- The rank of a message status (MessageStatus.rank() in Java must agree; MessageStatusRankTest checks it):
-- a message's current status is the highest rank reached, so a late callback never moves it back.
create function message_status_rank(status text) returns integer language sql immutable as $$
    select case status
        when 'PENDING' then 0 when 'UNCONFIRMED' then 0 when 'ACCEPTED' then 1 when 'SENT' then 2
        when 'DELIVERED' then 3 when 'READ' then 4 when 'FAILED' then 5 else 0 end
$$;
