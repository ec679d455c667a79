-- One runner across replicas for periodic jobs (auditors, reconcilers): a job runs on the replica
-- that holds its lease; another takes it only after it expired.
create table job_lease (
    name   text primary key,
    holder text        not null,
    until  timestamptz not null
);
