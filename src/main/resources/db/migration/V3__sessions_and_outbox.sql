-- Interview sessions, their panel and question snapshot, the candidate link, and the transactional outbox.

create table interview_session (
    id                uuid primary key,
    position          text not null,
    candidate_name    text not null,           -- personal data: stays in this database, never in an event
    candidate_email   text not null,
    candidate_ref     uuid not null unique,    -- the only candidate identity that leaves the database
    question_set_id   uuid not null,
    question_set_name text not null,
    status            text not null check (status in ('SCHEDULED', 'LIVE', 'ENDED', 'DECIDED', 'CANCELLED')),
    scheduled_at      timestamptz not null,
    started_at        timestamptz,
    ended_at          timestamptz,
    cancelled_at      timestamptz,
    current_position  integer,
    current_asked_at  timestamptz,
    created_by        text not null,
    created_at        timestamptz not null,
    version           integer not null         -- bumped by every change; each version has exactly its event
);
create index interview_session_status_idx on interview_session (status, scheduled_at);

create table session_item (
    session_id       uuid not null references interview_session (id),
    position         integer not null,
    question_id      uuid not null,
    question_key     text not null,
    question_version integer not null,
    category         text not null,
    text             text not null,
    parts            jsonb not null default '[]'::jsonb,
    minutes          integer not null,
    primary key (session_id, position)
);

create table session_panelist (
    session_id   uuid not null references interview_session (id),
    username     text not null,
    display_name text not null,
    lead         boolean not null,
    primary key (session_id, username)
);
create index session_panelist_user_idx on session_panelist (username);
create unique index session_one_lead_idx on session_panelist (session_id) where lead;

-- The candidate link: only a hash of the token is kept. One link per session; rotating replaces it.
create table candidate_link (
    session_id  uuid primary key references interview_session (id),
    token_hash  bytea not null unique,
    created_at  timestamptz not null,
    revoked_at  timestamptz
);

-- The device that redeemed the link last: one active candidate connection per session.
create table candidate_device (
    session_id  uuid primary key references interview_session (id),
    token_hash  bytea not null unique,
    redeemed_at timestamptz not null,
    client      text
);

-- Transactional outbox: written in the same transaction as the change it announces.
create table outbox_event (
    seq               bigserial primary key,
    id                uuid not null unique,     -- the CloudEvents id
    aggregate_id      uuid not null,            -- the session: the Kafka key, so one session's events keep order
    aggregate_version integer not null,
    type              text not null,            -- e.g. interviewpanel.session.started.v1
    subject           text not null,
    occurred_at       timestamptz not null,
    payload           jsonb not null,
    sent_at           timestamptz,
    attempts          integer not null default 0,
    last_error        text
);
create index outbox_unsent_idx on outbox_event (seq) where sent_at is null;
create index outbox_sent_idx on outbox_event (sent_at) where sent_at is not null;

-- Wake the relay when events commit (NOTIFY is delivered at commit); it also polls as a fallback.
create function outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox_event', '');
    return null;
end $$;
create trigger outbox_event_notify after insert on outbox_event for each statement execute function outbox_notify();

-- No session change without its event: a changed session must carry a new version...
create function session_version_guard() returns trigger language plpgsql as $$
begin
    if (new.status, new.current_position, new.current_asked_at, new.started_at, new.ended_at, new.cancelled_at)
       is distinct from (old.status, old.current_position, old.current_asked_at, old.started_at, old.ended_at, old.cancelled_at)
       and new.version <> old.version + 1 then
        raise exception 'session % changed without a new version', new.id using errcode = 'P0001';
    end if;
    return new;
end $$;
create trigger interview_session_version_guard before update on interview_session
    for each row execute function session_version_guard();

-- ...and every version of a session must have its event in the outbox by the time the transaction commits.
create function session_event_guard() returns trigger language plpgsql as $$
begin
    if not exists (select 1 from outbox_event where aggregate_id = new.id and aggregate_version = new.version) then
        raise exception 'session % version % has no event in the outbox', new.id, new.version using errcode = 'P0001';
    end if;
    return null;
end $$;
create constraint trigger interview_session_event_guard after insert or update on interview_session
    deferrable initially deferred for each row execute function session_event_guard();
