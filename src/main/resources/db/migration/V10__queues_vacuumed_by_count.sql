-- The outbox and the mail outbox are queues inside tables that keep their history: every row is written unsent and
-- then marked sent, which leaves a dead entry in the partial index of unsent rows until a vacuum. By default autovacuum
-- waits for a fifth of the table to change, and a table that keeps weeks of events would gather hundreds of thousands
-- of such entries before that. Vacuum (and analyze, so the planner knows how few rows are unsent) after a fixed number
-- of changes instead.
alter table outbox_event set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000);
alter table mail_outbox set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
