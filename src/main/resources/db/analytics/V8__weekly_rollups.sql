-- Weekly rollups of the per-session statistics: the reports add up one row per week, position, question set and
-- interviewer (or question, or panel size) instead of one per item or seat, so their cost follows the number of weeks,
-- not of sessions. A "cell" is (week, position, question set); each rollup row is the same aggregate over the cell's
-- statistics rows that a report computes over its scope, so a scope made of whole cells reads the rollup and the rest
-- (partial weeks at a period's edges, the cells of sessions withheld from the reader) reads the statistics rows.
-- Rows whose session has no week, position or question set yet are left out of the rollups and always read directly.

alter table analytics.item_stat add column week date;
alter table analytics.panelist_stat add column week date;
update analytics.item_stat set week = date_trunc('week', ref_time at time zone 'UTC')::date;
update analytics.panelist_stat set week = date_trunc('week', ref_time at time zone 'UTC')::date;
create index item_stat_cell_idx on analytics.item_stat (week, position, question_set_id);
create index panelist_stat_cell_idx on analytics.panelist_stat (week, position, question_set_id);
-- the rows outside every cell (the reports read them directly)
create index item_stat_uncelled_idx on analytics.item_stat (session_id)
    where week is null or position is null or question_set_id is null;
create index panelist_stat_uncelled_idx on analytics.panelist_stat (session_id)
    where week is null or position is null or question_set_id is null;
-- the medians read the values of a few (group, unit-wide bucket) pairs
create index item_stat_minutes_idx on analytics.item_stat (question_key, floor(spent_minutes));
create index panelist_stat_delay_idx on analytics.panelist_stat (username, floor(delay_minutes));

-- One row per session: what the pipeline report counts, with the session's filter columns and week (so its rollup is
-- kept as the other two statistics tables' are).
create table analytics.session_stat (
    session_id      uuid primary key,
    ended           boolean not null,
    cancelled       boolean not null,
    decision        text,
    decide_hours    float8,           -- decided minus ended, in hours; null unless both are known
    ref_time        timestamptz,
    position        text,
    question_set_id uuid,
    week            date
);
create index session_stat_ref_idx on analytics.session_stat (ref_time);
create index session_stat_position_idx on analytics.session_stat (position, ref_time);
create index session_stat_cell_idx on analytics.session_stat (week, position, question_set_id);
create index session_stat_uncelled_idx on analytics.session_stat (session_id)
    where week is null or position is null or question_set_id is null;
create index session_stat_hours_idx on analytics.session_stat (week, coalesce(position, '(unknown)'), floor(decide_hours));
create index session_stat_hours_all_idx on analytics.session_stat (floor(decide_hours));
insert into analytics.session_stat
select session_id, ended_at is not null, cancelled_at is not null, decision,
       (extract(epoch from decided_at - ended_at) / 3600.0)::float8, ref_time, position, question_set_id,
       date_trunc('week', ref_time at time zone 'UTC')::date
from analytics.session_fact;

-- Per cell: the pipeline report's counts.
create table analytics.pipeline_week (
    week date not null, position text not null, question_set_id uuid not null,
    sessions  bigint not null,
    ended     bigint not null,
    cancelled bigint not null,
    decided   bigint not null,
    hire      bigint not null,
    no_hire   bigint not null,
    hold      bigint not null,
    decide_median float8,          -- the median of decide_hours over the cell's sessions
    primary key (week, position, question_set_id)
);

-- Per cell and question (item_stat rows with a question key).
create table analytics.question_week (
    week date not null, position text not null, question_set_id uuid not null, question_key text not null,
    category_min   text,
    text_max       text,
    asked          bigint not null,  -- items put to the candidate
    n              bigint not null,  -- final panel ratings
    total          bigint not null,
    sumsq          bigint not null,
    hire_items     bigint not null,  -- rated items of sessions decided HIRE, and the sum of their mean ratings
    hire_means     float8,
    no_hire_items  bigint not null,
    no_hire_means  float8,
    decided_sq     float8,           -- sum of the squared item means of HIRE or NO_HIRE sessions
    decided_min    float8,           -- smallest and largest of those item means
    decided_max    float8,
    primary key (week, position, question_set_id, question_key)
);

-- Per cell and interviewer (panelist_stat rows).
create table analytics.interviewer_week (
    week date not null, position text not null, question_set_id uuid not null, username text not null,
    seats          bigint not null,  -- panel seats (shadow rows count nothing else than their ratings' sums)
    given_n        bigint not null,
    given_sum      bigint not null,
    lenient_sum    float8 not null,
    lenient_n      bigint not null,
    strong_no      bigint not null,
    no             bigint not null,
    yes            bigint not null,
    strong_yes     bigint not null,
    ended          bigint not null,  -- panel seats of ended sessions, and how many of those submitted
    submitted      bigint not null,
    primary key (week, position, question_set_id, username)
);

-- Per cell and number of ratings per item (item_stat rows with n >= 2): what Krippendorff's alpha needs.
create table analytics.agreement_week (
    week date not null, position text not null, question_set_id uuid not null, n integer not null,
    items bigint not null,
    c1 bigint not null, c2 bigint not null, c3 bigint not null, c4 bigint not null, c5 bigint not null,
    p11 bigint not null, p12 bigint not null, p13 bigint not null, p14 bigint not null, p15 bigint not null,
    p22 bigint not null, p23 bigint not null, p24 bigint not null, p25 bigint not null,
    p33 bigint not null, p34 bigint not null, p35 bigint not null,
    p44 bigint not null, p45 bigint not null,
    p55 bigint not null,
    primary key (week, position, question_set_id, n)
);

-- Unit-wide bucket counts for the medians: minutes spent per question, scorecard delay per interviewer, hours from the
-- end of a session to its decision (no group: the cell is the pipeline's group).
create table analytics.median_week (
    week date not null, position text not null, question_set_id uuid not null,
    measure text not null,           -- 'minutes' (group: question key), 'delay' (username) or 'decision' ('')
    grp text not null,
    bucket float8 not null,          -- floor(value)
    n bigint not null,
    lo float8 not null,              -- the smallest and the largest value counted
    hi float8 not null,
    primary key (measure, week, position, question_set_id, grp, bucket)
);
create index median_week_position_idx on analytics.median_week (measure, position, week);

-- Cells whose rollup rows wait to be computed again from the statistics (StatsRefresher).
create table analytics.cell_dirty (
    week date not null, position text not null, question_set_id uuid not null,
    primary key (week, position, question_set_id)
);
insert into analytics.cell_dirty
select week, position, question_set_id from analytics.item_stat
where week is not null and position is not null and question_set_id is not null
union
select week, position, question_set_id from analytics.panelist_stat
where week is not null and position is not null and question_set_id is not null
union
select week, position, question_set_id from analytics.session_stat
where week is not null and position is not null and question_set_id is not null;
