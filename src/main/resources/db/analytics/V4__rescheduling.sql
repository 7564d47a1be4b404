-- session.rescheduled moves a session to its new time (and so to its new week in period filters). schedule_sequence
-- is the calendar revision that set scheduled_at: an older event arriving late (a redelivery, a rebuild) never moves
-- the session back. NULL: no scheduling event seen yet.
alter table analytics.session_fact add column schedule_sequence integer;
update analytics.session_fact set schedule_sequence = 0 where scheduled_at is not null;
