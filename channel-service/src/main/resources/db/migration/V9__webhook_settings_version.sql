-- Which set of WHAPI webhook events a channel was configured with. Version 1 (every channel until
-- now) had channel and users; version 2 adds statuses and messages. The reconciler re-applies the
-- settings of a channel configured with an older version, so a channel made before a change of the
-- set still gets every event.
alter table channel add column webhook_settings_version int not null default 1;
