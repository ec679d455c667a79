-- The customer documents: a customer "must have >= 30 days to create a new channel" (AUTOMATIC,
-- where the first paid extension takes the plan's extensionDays at once), and none is needed when
-- the admin gives days after creation (MANUAL). Null: follow the customer's allocation mode.
alter table plan add column creation_minimum_days integer
    constraint plan_creation_minimum_in_range check (creation_minimum_days between 0 and 3660);
