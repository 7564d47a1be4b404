-- Scoring: each panelist's ratings and scorecard, and the hiring decision on the session.

alter table interview_session
    add column decision           text check (decision in ('HIRE', 'NO_HIRE', 'HOLD')),
    add column decision_rationale text,
    add column decided_at         timestamptz,
    add column decided_by         text;

-- The decision is a change of the session like any other: it needs a new version (and so its event).
create or replace function session_version_guard() returns trigger language plpgsql as $$
begin
    if (new.status, new.current_position, new.current_asked_at, new.started_at, new.ended_at, new.cancelled_at,
        new.decision, new.decided_at)
       is distinct from (old.status, old.current_position, old.current_asked_at, old.started_at, old.ended_at,
        old.cancelled_at, old.decision, old.decided_at)
       and new.version <> old.version + 1 then
        raise exception 'session % changed without a new version', new.id using errcode = 'P0001';
    end if;
    return new;
end $$;

-- One row per panelist who has started scoring; locked (select ... for update) by every rating change and by the
-- submission, so a rating racing a submit is either in before the lock or refused.
create table scorecard (
    session_id     uuid not null references interview_session (id),
    username       text not null,
    recommendation text check (recommendation in ('STRONG_NO', 'NO', 'YES', 'STRONG_YES')),
    summary        text,
    submitted_at   timestamptz,
    primary key (session_id, username),
    check ((submitted_at is null) = (recommendation is null))
);

create table rating (
    session_id uuid not null,
    username   text not null,
    position   integer not null,
    rating     integer check (rating between 1 and 5),   -- null: cleared (the row keeps its revision)
    note       text check (length(note) <= 10000),
    revision   integer not null,            -- bumped by every change; a client may send the one it saw (409 if stale)
    updated_at timestamptz not null,
    primary key (session_id, username, position),
    foreign key (session_id, username) references scorecard (session_id, username),
    foreign key (session_id, position) references session_item (session_id, position)
);
