-- Interviewer training and calibration: shadow seats and reference-answer exercises.

-- A shadow sits in the room, rates and submits like a panelist, but their ratings never count (debrief means and
-- flags, decisions, reliability, leniency, question statistics). Never the lead.
alter table session_panelist add column shadow boolean not null default false;
alter table session_panelist add constraint session_panelist_lead_not_shadow check (not (lead and shadow));

-- Exercises imported from questions/<bank>/calibration/*.yaml; ids derive from the keys, so a re-import keeps them.
create table calibration_exercise (
    id           uuid primary key,
    question_key text not null unique,
    category     text not null,
    question_text text not null,
    position     integer not null,
    retired      boolean not null default false
);
create index calibration_exercise_category_idx on calibration_exercise (category, position);

create table calibration_answer (
    id            uuid primary key,
    exercise_id   uuid not null references calibration_exercise (id),
    key           text not null,
    ordinal       integer not null,          -- the order shown: not sorted by rating
    text          text not null,
    expert_rating integer not null check (expert_rating between 1 and 5),
    reason        text not null,
    unique (exercise_id, key)
);

-- An interviewer's attempt, with the expert ratings as they stood (the event carries the same).
create table calibration_attempt (
    id          uuid primary key,
    exercise_id uuid not null references calibration_exercise (id),
    username    text not null,
    created_at  timestamptz not null,
    alpha       double precision,
    mad         double precision not null,
    ratings     jsonb not null
);
create index calibration_attempt_user_idx on calibration_attempt (username, created_at);
