-- Which questions the lead has put to the candidate: the console rates only those (a skipped question has nothing
-- to rate). Kept with the session so every view (room, snapshot, debrief) agrees.
alter table interview_session add column asked_positions integer[] not null default '{}';
update interview_session set asked_positions = array(select generate_series(1, current_position))
    where current_position is not null;

create or replace function session_version_guard() returns trigger language plpgsql as $$
begin
    if (new.status, new.current_position, new.current_asked_at, new.started_at, new.ended_at, new.cancelled_at,
        new.decision, new.decided_at, new.asked_positions)
       is distinct from (old.status, old.current_position, old.current_asked_at, old.started_at, old.ended_at,
        old.cancelled_at, old.decision, old.decided_at, old.asked_positions)
       and new.version <> old.version + 1 then
        raise exception 'session % changed without a new version', new.id using errcode = 'P0001';
    end if;
    return new;
end $$;

-- Lists page and search: by candidate, position and status.
create index interview_session_scheduled_idx on interview_session (scheduled_at desc);

-- Pages name people, not usernames: the decider's name as it was when they decided.
alter table interview_session add column decided_by_name text;
