-- Question bank: banks, categories, questions and their immutable versions.

create table question_bank (
    key         text primary key,
    title       text not null,
    description text,
    guidance    jsonb not null default '[]'::jsonb,
    updated_at  timestamptz not null default now()
);

create table question_category (
    key      text primary key,              -- e.g. kafka/partitions-and-offsets
    bank     text not null references question_bank (key),
    title    text not null,
    position integer not null
);

create table question (
    id              uuid primary key,
    key             text not null unique,   -- e.g. kafka/partitions-and-offsets/what-is-an-offset
    category_key    text not null references question_category (key),
    status          text not null check (status in ('ACTIVE', 'RETIRED')),
    source          text not null check (source in ('IMPORT', 'CONSOLE')),
    author          text,                   -- username of the creator; null for imported questions
    current_version integer not null,
    position        integer not null default 0,   -- order within the category
    -- The current version's searchable fields, kept in step by the service so lists need no join.
    text            text not null,
    difficulty      integer not null check (difficulty between 1 and 3),
    minutes         integer not null check (minutes between 1 and 60),
    tags            text[] not null default '{}',
    tags_text       text not null default '',
    rubric_text     text not null default '',
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    retired_at      timestamptz,
    search          tsvector generated always as (
                        setweight(to_tsvector('english', text), 'A')
                     || setweight(to_tsvector('english', tags_text), 'B')
                     || setweight(to_tsvector('english', rubric_text), 'C')) stored,
    title_search    tsvector generated always as (to_tsvector('english', text)) stored
);

create index question_search_idx on question using gin (search);
create index question_tags_idx on question using gin (tags);
create index question_category_idx on question (category_key, status);

create table question_version (
    question_id  uuid not null references question (id),
    version      integer not null,
    text         text not null,
    parts        jsonb not null default '[]'::jsonb,
    difficulty   integer not null,
    minutes      integer not null,
    tags         text[] not null,
    rubric       jsonb not null,
    follow_ups   jsonb not null,
    content_hash text not null,
    created_at   timestamptz not null,
    created_by   text,
    primary key (question_id, version)
);
