-- An erasure lasts. Erasing a candidate before their session is decided used to be a one-time wipe: a note, a
-- scorecard's summary or the decision's rationale written after it was kept, and nothing erased it again (a repeat
-- erase is a no-op, retention skips erased records). Now the database keeps no free text about an erased candidate,
-- whichever path writes it: the ratings, scorecards and decision still count (they stay under the pseudonymous
-- reference, as on erasure), their text is dropped. Each trigger runs only for a row that carries text.

create function free_text_of_erased_candidate_dropped() returns trigger language plpgsql as $$
begin
    if exists (select 1 from interview_session s where s.id = new.session_id and s.erased_at is not null) then
        if tg_table_name = 'rating' then
            new.note := null;
        else
            new.summary := null;
        end if;
    end if;
    return new;
end
$$;

create trigger rating_note_of_erased_candidate_dropped
    before insert or update of note on rating
    for each row when (new.note is not null)
    execute function free_text_of_erased_candidate_dropped();

create trigger scorecard_summary_of_erased_candidate_dropped
    before insert or update of summary on scorecard
    for each row when (new.summary is not null)
    execute function free_text_of_erased_candidate_dropped();

create function rationale_of_erased_candidate_dropped() returns trigger language plpgsql as $$
begin
    new.decision_rationale := null;
    return new;
end
$$;

create trigger session_rationale_of_erased_candidate_dropped
    before update on interview_session
    for each row when (new.erased_at is not null and new.decision_rationale is not null)
    execute function rationale_of_erased_candidate_dropped();
