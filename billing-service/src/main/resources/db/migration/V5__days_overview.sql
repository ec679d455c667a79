-- The operators' overview (issue 25): days confirmed on channels per day, read by when WHAPI
-- confirmed them; without this index every overview would read the whole ledger.
create index ledger_transfer_confirmed_extensions on ledger_transfer (settled_at) where kind = 'EXTEND' and status = 'CONFIRMED';


