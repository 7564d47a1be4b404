-- The commit-time guard (session_event_guard) looks up a session version's event in the outbox on every session
-- change; without an index that is a scan of the whole outbox, and every start, advance, end and decision grows slower
-- as the outbox grows (until the purge). With it, one index probe.
create index outbox_event_session_version_idx on outbox_event (aggregate_id, aggregate_version);

-- No NOTIFY inside the writers' transactions any more: it serialized every commit on PostgreSQL's notification lock.
-- The app wakes its relay after the commit instead (OutboxWake).
drop trigger outbox_event_notify on outbox_event;
drop function outbox_notify();
