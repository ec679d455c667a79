-- A channel's webhook secret is renewed whenever its WHAPI settings are applied again (a new settings
-- version, a sync). WHAPI retries the calls we did not answer 200, and a call it queued, or sent while
-- the new settings were being applied, carries the secret it had then: the last secret WHAPI confirmed
-- stays accepted for a grace period, so a renewal loses no message or status.
alter table channel add column previous_webhook_secret_hash bytea;
alter table channel add column previous_webhook_secret_until timestamptz;
alter table channel add constraint channel_previous_webhook_secret_has_an_end
    check ((previous_webhook_secret_hash is null) = (previous_webhook_secret_until is null));
