-- Hiring analytics: tables built only from the session events (never from the operational tables), so they can
-- live in their own database. Every projection statement is an idempotent, order-independent upsert: replaying,
-- redelivering or interleaving events gives the same tables. The processed-event log is written in the same
-- transaction as the projection change.

create table processed_event (
    event_id     uuid primary key,
    type         text not null,
    processed_at timestamptz not null default now()
);

create table session_fact (
    session_id      uuid primary key,
    candidate_ref   uuid,
    position        text,
    question_set_id uuid,
    panel_size      integer,
    item_count      integer,
    scheduled_at    timestamptz,
    started_at      timestamptz,
    ended_at        timestamptz,
    cancelled_at    timestamptz,
    decided_at      timestamptz,
    decision        text,
    -- The day a session counts for in period filters: when it was scheduled for, else the first thing known.
    ref_time        timestamptz generated always as (coalesce(scheduled_at, started_at, ended_at, cancelled_at, decided_at)) stored
);
create index session_fact_ref_idx on session_fact (ref_time);
create index session_fact_position_idx on session_fact (position);

create table item_fact (
    session_id       uuid not null,
    position         integer not null,
    question_key     text not null,
    question_version integer not null,
    category         text not null,
    minutes          integer not null,
    primary key (session_id, position)
);
create index item_fact_question_idx on item_fact (question_key);

-- Each time a question was put to the candidate (the lead may come back to one).
create table ask_fact (
    session_id uuid not null,
    position   integer not null,
    asked_at   timestamptz not null,
    primary key (session_id, asked_at, position)
);

create table panelist_fact (
    session_id     uuid not null,
    username       text not null,
    lead           boolean,
    submitted_at   timestamptz,
    recommendation text,
    primary key (session_id, username)
);
create index panelist_fact_user_idx on panelist_fact (username);

-- A panelist's latest rating of an item. final: from scorecard.submitted, never overwritten by a rating.recorded.
create table rating_fact (
    session_id uuid not null,
    username   text not null,
    position   integer not null,
    rating     integer,
    revision   integer not null,
    final      boolean not null default false,
    primary key (session_id, username, position)
);
create index rating_fact_final_idx on rating_fact (session_id, position) where final and rating is not null;

-- One row: the state of the last (or running) rebuild, shared by every instance.
create table rebuild_state (
    id           integer primary key check (id = 1),
    state        text not null,              -- IDLE, RUNNING, DONE, FAILED
    started_at   timestamptz,
    finished_at  timestamptz,
    heartbeat_at timestamptz,
    total        bigint not null default 0,
    done         bigint not null default 0,
    error        text,
    started_by   text
);
insert into rebuild_state (id, state) values (1, 'IDLE');
