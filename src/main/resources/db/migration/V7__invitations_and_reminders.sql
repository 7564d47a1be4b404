-- Where and how long the interview happens, and the calendar entry's revision (RFC 5545 SEQUENCE: 0 when scheduled,
-- +1 with each reschedule and with the cancellation).
alter table interview_session add column meeting_url text check (meeting_url is null or meeting_url like 'https://%');
alter table interview_session add column duration_minutes integer check (duration_minutes between 5 and 480);
alter table interview_session add column time_zone text not null default 'UTC';
alter table interview_session add column calendar_sequence integer not null default 0;

-- A rescheduling is a session change too: it needs its version and its event.
create or replace function session_version_guard() returns trigger language plpgsql as $$
begin
    if (new.status, new.current_position, new.current_asked_at, new.started_at, new.ended_at, new.cancelled_at,
        new.decision, new.decided_at, new.asked_positions,
        new.scheduled_at, new.duration_minutes, new.meeting_url, new.calendar_sequence)
       is distinct from (old.status, old.current_position, old.current_asked_at, old.started_at, old.ended_at,
        old.cancelled_at, old.decision, old.decided_at, old.asked_positions,
        old.scheduled_at, old.duration_minutes, old.meeting_url, old.calendar_sequence)
       and new.version <> old.version + 1 then
        raise exception 'session % changed without a new version', new.id using errcode = 'P0001';
    end if;
    return new;
end $$;

-- Mail waiting to be sent, written in the transaction of the change it announces (an outbox for SMTP). A sender
-- claims due rows for a lease (claimed_until; FOR UPDATE SKIP LOCKED while claiming), so two instances never send the
-- same row, sends them with no transaction open, then records each outcome; a sender that dies mid-way leaves rows
-- whose lease runs out and are sent again (same Message-ID). body and calendar are cleared once sent (the candidate's
-- mail carries the join link).
create table mail_outbox (
    id              uuid primary key,
    session_id      uuid not null references interview_session (id),
    kind            text not null,             -- INVITATION, UPDATE, CANCELLATION, REMINDER, ESCALATION
    recipient       text not null,
    subject         text not null,
    body            text,
    calendar        text,                      -- the iCalendar part, if any
    calendar_method text check (calendar_method in ('REQUEST', 'CANCEL')),
    message_id      text not null unique,      -- stable across retries: a receiver can drop a resend
    created_at      timestamptz not null,
    next_attempt_at timestamptz not null,
    attempts        integer not null default 0,
    last_error      text,
    claimed_until   timestamptz,
    sent_at         timestamptz
);
create index mail_outbox_pending_idx on mail_outbox (next_attempt_at) where sent_at is null;
create index mail_outbox_session_idx on mail_outbox (session_id);

-- Each reminder step once per panelist and session, across instances and restarts.
create table scorecard_reminder (
    session_id uuid not null references interview_session (id),
    username   text not null,
    step       text not null check (step in ('FIRST', 'SECOND', 'ESCALATION')),
    due_at     timestamptz not null,
    sent_at    timestamptz not null,
    primary key (session_id, username, step)
);
