-- Messages the channel receives (WHAPI's "messages" webhooks), beside the ones it sends: stored
-- before the webhook is answered, once per WHAPI message id. A kind the platform does not show
-- yet (a sticker, a location, ...) is kept as 'other', with WHAPI's type in body.
alter table channel_message drop constraint channel_message_kind_known;
alter table channel_message add constraint channel_message_kind_known
    check (kind in ('text', 'image', 'document', 'audio', 'video', 'other'));
alter table channel_message drop constraint channel_message_status_known;
alter table channel_message add constraint channel_message_status_known
    check (status in ('PENDING', 'ACCEPTED', 'SENT', 'DELIVERED', 'READ', 'FAILED', 'UNCONFIRMED', 'RECEIVED'));
alter table channel_message add constraint channel_message_inbound_is_received
    check (direction = 'OUT' or (status = 'RECEIVED' and whapi_message_id is not null));
