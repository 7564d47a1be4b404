-- Per-session statistics the reports add up, kept by the projection: whenever an event of a session is applied, that
-- session's rows here are computed again from its facts, in the same transaction. A report then sums one row per item
-- or per seat instead of joining and grouping every rating.

-- One row per item of a session (an item known from the schedule, or only from ratings that came first).
create table analytics.item_stat (
    session_id    uuid not null,
    position      integer not null,
    question_key  text,             -- null while the scheduling event has not arrived
    category      text,
    question_text text,
    asked         boolean not null, -- put to the candidate at least once
    spent_minutes float8,           -- from each asking to the next question (or the end), summed; null when unknown
    -- the panel's final ratings (shadows left out): count, sum, sum of squares and how many of each value
    n             integer not null,
    total         integer not null,
    sumsq         integer not null,
    c1            integer not null,
    c2            integer not null,
    c3            integer not null,
    c4            integer not null,
    c5            integer not null,
    primary key (session_id, position)
);

-- One row per seat of a session (panel or shadow).
create table analytics.panelist_stat (
    session_id     uuid not null,
    username       text not null,
    seat           boolean not null, -- a panel seat (shadows are kept for their own rows, not counted)
    submitted      boolean not null,
    delay_minutes  float8,           -- scorecard submitted minus session ended; null unless both are known
    recommendation text,
    -- the interviewer's own final panel ratings in this session: count and sum
    given_n        integer not null,
    given_sum      integer not null,
    -- leniency on the items another panelist rated too: the sum of (own rating - the others' mean) and the count
    lenient_sum    float8 not null,
    lenient_n      integer not null,
    primary key (session_id, username)
);

-- Existing tables are filled once by the application at its next start (StatsBackfill), then kept by the projection.
create table analytics.stats_backfill (
    id      integer primary key check (id = 1),
    pending boolean not null
);
insert into analytics.stats_backfill (id, pending) values (1, true);
