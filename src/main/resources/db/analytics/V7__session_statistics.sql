-- Per-session statistics the reports add up: whenever an event of a session is applied, that session's rows here are
-- computed again from its facts (within a second, see stats_dirty). A report then sums one row per item or per seat
-- instead of joining and grouping every rating.

-- One row per item of a session. Both tables carry the session's filter columns under session_fact's names, so a
-- report's filter applies to them as to session_fact.
-- One row per item of a session (an item known from the schedule, or only from ratings that came first).
create table analytics.item_stat (
    session_id    uuid not null,
    item          integer not null, -- the item's position in the session
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
    -- the session's, as in session_fact, so a report filters and reads without a join
    decision        text,
    ref_time        timestamptz,
    position        text,
    question_set_id uuid,
    primary key (session_id, item)
);
create index item_stat_ref_idx on analytics.item_stat (ref_time);
create index item_stat_position_idx on analytics.item_stat (position, ref_time);

-- One row per seat of a session (panel or shadow).
create table analytics.panelist_stat (
    session_id     uuid not null,
    username       text not null,
    seat           boolean not null, -- a panel seat (shadows are kept for their own rows, not counted)
    submitted      boolean not null,
    ended          boolean not null, -- the session has ended (a seat counts once it has)
    delay_minutes  float8,           -- scorecard submitted minus session ended; null unless both are known
    recommendation text,
    -- the interviewer's own final panel ratings in this session: count and sum
    given_n        integer not null,
    given_sum      integer not null,
    -- leniency on the items another panelist rated too: the sum of (own rating - the others' mean) and the count
    lenient_sum    float8 not null,
    lenient_n      integer not null,
    -- the session's, as in session_fact, so a report filters without a join
    ref_time        timestamptz,
    position        text,
    question_set_id uuid,
    primary key (session_id, username)
);
create index panelist_stat_ref_idx on analytics.panelist_stat (ref_time);
create index panelist_stat_position_idx on analytics.panelist_stat (position, ref_time);

-- Sessions whose statistics wait to be computed again: the projection marks a session here in the transaction that
-- changes its facts, and the refresher (StatsRefresher) computes it in batches, in its own transactions. Each mark
-- carries a fresh version, so the refresher removes only the marks it has seen. Every session projected before this
-- version starts marked.
create sequence analytics.stats_mark_seq;
create table analytics.stats_dirty (
    session_id uuid primary key,
    version    bigint not null default nextval('analytics.stats_mark_seq')
);
insert into analytics.stats_dirty (session_id) select session_id from analytics.session_fact;
