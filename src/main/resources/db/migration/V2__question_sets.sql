-- Question sets (interview kits): ordered, timed items pinned to question versions.

create table question_set (
    id          uuid primary key,
    owner       text not null,
    name        text not null,
    description text not null default '',
    status      text not null check (status in ('ACTIVE', 'ARCHIVED')),
    version     integer not null,             -- optimistic lock, bumped on every change
    in_use      boolean not null default false, -- a session was built from it: delete archives instead
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    archived_at timestamptz
);

-- Names are unique per owner among live sets, whatever the case.
create unique index question_set_owner_name_idx on question_set (owner, lower(name)) where status = 'ACTIVE';

create table question_set_item (
    set_id           uuid not null references question_set (id) on delete cascade,
    position         integer not null,
    question_id      uuid not null,
    question_version integer not null,
    minutes          integer not null check (minutes between 1 and 60),
    primary key (set_id, position),
    unique (set_id, question_id),
    foreign key (question_id, question_version) references question_version (question_id, version)
);
