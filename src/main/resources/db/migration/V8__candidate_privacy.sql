-- Candidate privacy: erasure and the audit trail.

-- When the candidate's identity and every free text about them were erased (name and email then hold placeholders).
alter table interview_session add column erased_at timestamptz;

-- Who read or changed what about a candidate. Append-only: only the retention purge may delete (it sets
-- panel.audit_purge for its own transaction), and nothing may change an entry.
create table audit_entry (
    id            bigint generated always as identity primary key,
    at            timestamptz not null,
    actor         text not null,
    action        text not null,
    subject       text not null,
    candidate_ref uuid,
    detail        text
);
create index audit_entry_at_idx on audit_entry (at);
create index audit_entry_subject_idx on audit_entry (subject, at);
create index audit_entry_candidate_idx on audit_entry (candidate_ref) where candidate_ref is not null;
create index audit_entry_actor_idx on audit_entry (actor, at);

create function audit_entry_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('panel.audit_purge', true) = 'on' then
        return old;
    end if;
    raise exception 'the audit trail is append-only' using errcode = 'P0001';
end $$;
create trigger audit_entry_append_only before update or delete on audit_entry
    for each row execute function audit_entry_append_only();
