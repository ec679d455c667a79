-- WHAPI's partner webhook (issue 25, item 5; docs/operators.md "WHAPI's partner balance"): each
-- report stored raw before WHAPI is answered (its payload is not documented: what we could not read
-- is kept to be read later), the day count parsed from it when it names one. The same body received
-- twice on one day is one report (WHAPI repeats a delivery it thinks failed).
create table partner_days_report (
    id          bigserial primary key,
    received_at timestamptz not null,
    received_on date        not null,
    body        text        not null,
    body_hash   text        not null,
    days        bigint,
    constraint partner_days_report_once_a_day unique (body_hash, received_on)
);
create index partner_days_report_latest_read on partner_days_report (id) where days is not null;
