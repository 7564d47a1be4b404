-- The mark tables are queues: the projection inserts marks, the refresher deletes them, and between passes they are
-- often empty. A vacuum (the refresher's, once their dead rows pile up, or autovacuum's) would then truncate their
-- trailing empty pages, which takes an exclusive lock on the table and retries it for up to 5 s while the projection
-- and the refresher keep using it: each truncation stalls the projection's marks (or the vacuum waits out the retries),
-- for pages the next pass fills again.
alter table analytics.stats_dirty set (vacuum_truncate = false);
alter table analytics.cell_dirty set (vacuum_truncate = false);
