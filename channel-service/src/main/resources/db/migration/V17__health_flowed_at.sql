-- When something last flowed through the channel (a status of a sent message, a message received).
-- Every flow writes it on the channel's health row, in its own transaction, so the monitor's SILENT
-- verdict and a status arriving at the same moment meet on that one row: the monitor skips a row a
-- flow holds, and re-checks a row a flow changed while it looked (docs/channels.md, "Health").
alter table channel_health add column flowed_at timestamptz;
