-- Shadow seats: a trainee's ratings are kept (for their own calibration) but left out of every panel statistic.
alter table analytics.panelist_fact add column shadow boolean not null default false;
alter table analytics.rating_fact add column shadow boolean not null default false;

-- Each rating of a reference answer in a calibration exercise attempt, beside the experts' rating.
create table analytics.calibration_rating (
    attempt_id   uuid not null,
    interviewer  text not null,
    category     text not null,
    question_key text not null,
    answer_key   text not null,
    rating       integer not null,
    expert       integer not null,
    attempted_at timestamptz not null,
    primary key (attempt_id, answer_key)
);
create index calibration_rating_who_idx on analytics.calibration_rating (interviewer, category);
