-- The mark tables are queues: the projection inserts marks, the refresher deletes them, and between passes they are
-- often empty. A vacuum (the refresher's, once their dead rows pile up, or autovacuum's) would then truncate their
-- trailing empty pages, which needs an exclusive lock on the table: while the projection and the refresher keep using
-- it the vacuum retries that lock for up to 5 s (18 such vacuums of stats_dirty took 21.7 s over a bench's live
-- phase), for pages the next pass fills again.
alter table analytics.stats_dirty set (vacuum_truncate = false);
alter table analytics.cell_dirty set (vacuum_truncate = false);
