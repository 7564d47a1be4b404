-- Daily rollups beside the weekly ones: the same aggregates per day of a cell (week, position, question set), so a period
-- given as dates reads its partial weeks at either end from a few day rows instead of the statistics rows of every
-- session in them (at ten million ratings, tens of thousands of rows scattered over the table for a month). A report
-- reads the weeks it takes whole from the weekly rollups, the other days it takes whole from these, and only the rows
-- of the part of a day at either end (a period that starts or ends within a day) from the statistics. A cell's day rows
-- are computed with its week rows, from the same marks (analytics.cell_dirty), in the same pass.
-- Each table keeps the week of its days, and its key leads with the cell, so a cell's rows are removed and read by
-- the key's prefix.

-- Leniency exactly: each rating's distance from the mean of the other panel ratings of its item is a whole number of
-- 1/27720ths (27720 = lcm(1..12), and an item has at most 6 panel ratings), so it is kept as that whole number and its
-- sums are exact. A float sum depends on the order of its terms, so the week rows, the day rows and the statistics rows
-- could add up to a mean a last bit apart, and a mean of exactly ...5 in the third decimal round either way.
alter table analytics.panelist_stat rename column lenient_sum to lenient_scaled;
alter table analytics.panelist_stat alter column lenient_scaled type bigint using round(lenient_scaled * 27720)::bigint;
alter table analytics.interviewer_week rename column lenient_sum to lenient_scaled;
alter table analytics.interviewer_week alter column lenient_scaled type bigint using round(lenient_scaled * 27720)::bigint;

create table analytics.pipeline_day (day date not null, like analytics.pipeline_week);
alter table analytics.pipeline_day add primary key (week, position, question_set_id, day);

create table analytics.question_day (day date not null, like analytics.question_week);
alter table analytics.question_day add primary key (week, position, question_set_id, day, question_key);

create table analytics.interviewer_day (day date not null, like analytics.interviewer_week);
alter table analytics.interviewer_day add primary key (week, position, question_set_id, day, username);

create table analytics.agreement_day (day date not null, like analytics.agreement_week);
alter table analytics.agreement_day add primary key (week, position, question_set_id, day, n);

create table analytics.median_day (day date not null, like analytics.median_week);
alter table analytics.median_day add primary key (measure, week, position, question_set_id, day, grp, bucket);

-- the day rows of every cell there is: computed by the refresher's next passes (until then those cells read their rows)
insert into analytics.cell_dirty
select week, position, question_set_id from analytics.item_stat
where week is not null and position is not null and question_set_id is not null
union
select week, position, question_set_id from analytics.panelist_stat
where week is not null and position is not null and question_set_id is not null
union
select week, position, question_set_id from analytics.session_stat
where week is not null and position is not null and question_set_id is not null
on conflict do nothing;
