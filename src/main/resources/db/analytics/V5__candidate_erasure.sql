-- candidate.erased: the analytics tables drop the link between a session and the candidate's reference, and a late
-- or replayed event does not bring it back.
alter table analytics.session_fact add column candidate_erased boolean not null default false;
