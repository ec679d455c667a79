-- What billing says a new channel needs (the plan's creation minimum, or what the allocation mode
-- implies) and what the customer can spend on it (its balance, and for AUTOMATIC what the pool may
-- still allocate to it this period). Each channel still waiting to be created needs the minimum too.
alter table entitlement add column creation_minimum_days bigint not null default 0
    constraint entitlement_creation_minimum_not_negative check (creation_minimum_days >= 0);
alter table entitlement add column drawable_days bigint;
