-- Reports name questions and question sets by what people read, not by keys and ids: both come with the
-- session.scheduled event (older events do not carry them; reports then fall back to the key).
alter table analytics.item_fact add column question_text text;
alter table analytics.session_fact add column question_set_name text;
