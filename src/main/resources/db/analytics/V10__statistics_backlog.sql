-- A rebuild's replay writes the facts without marking sessions (each would be computed again after each of its
-- batches); once they are all written it marks every session once, as backlog. The refresher takes the projection's
-- marks first, in the order they were made, and the backlog after them, so a rebuild holds back no live session.
alter table analytics.stats_dirty add column backlog boolean not null default false;
create index stats_dirty_turn on analytics.stats_dirty (backlog, version);
