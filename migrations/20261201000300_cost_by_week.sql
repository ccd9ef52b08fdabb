-- Why: batch mode sends part of a run's OpenAI requests through the Batch API at half price, and
-- `strukt-cron report` has to show what that saves: the direct and the batch cost of each job,
-- week by week. A run records its usage in details.usage (requests, tokens, estimated_cost_usd:
-- src/runs/record.ts); a run in batch mode also records details.usage.batch, the part of those
-- totals billed through the Batch API. So a run's direct figures are its totals less its batch
-- ones. Rows without usage.batch (every run before batch mode) are all direct; rows without usage
-- (the original Phase 3's) count as runs with no requests and no cost. A value that is not a JSON
-- number reads as 0, and a direct figure below 0 (batch figures above the totals) as 0, so one odd
-- row cannot fail the report. Dry runs are never logged, so every row is a real run.
-- service_role only, like every cron_* function.

-- OpenAI requests and estimated cost by function and ISO week (Monday, UTC) over the p_days
-- before p_now, split into direct and Batch API. Every run counts in runs; figures to 6 decimals.
create function public.cron_cost_by_week(p_days integer default 30, p_now timestamptz default now())
returns table (function_name text, week_start date, runs integer, direct_requests bigint, batch_requests bigint,
               direct_cost_usd numeric, batch_cost_usd numeric)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if p_days is null or p_days < 1 or p_days > 366 then
    raise exception 'p_days must be a whole number of days from 1 to 366, got %', coalesce(p_days::text, 'null')
      using errcode = '22023';
  end if;
  return query
  with logged as (
    select l.function_name as fn,
           date_trunc('week', l.run_time at time zone 'UTC')::date as week,
           case when jsonb_typeof(l.details #> '{usage,requests}') = 'number'
                then greatest((l.details #>> '{usage,requests}')::numeric, 0) else 0 end as requests,
           case when jsonb_typeof(l.details #> '{usage,estimated_cost_usd}') = 'number'
                then greatest((l.details #>> '{usage,estimated_cost_usd}')::numeric, 0) else 0 end as cost,
           case when jsonb_typeof(l.details #> '{usage,batch,requests}') = 'number'
                then greatest((l.details #>> '{usage,batch,requests}')::numeric, 0) else 0 end as b_requests,
           case when jsonb_typeof(l.details #> '{usage,batch,estimated_cost_usd}') = 'number'
                then greatest((l.details #>> '{usage,batch,estimated_cost_usd}')::numeric, 0) else 0 end as b_cost
    from admin.system_cron_logs l
    where l.run_time > p_now - make_interval(days => p_days) and l.run_time <= p_now
  )
  select u.fn, u.week, count(*)::integer,
         least(round(sum(greatest(u.requests - u.b_requests, 0))), 9223372036854775807)::bigint,
         least(round(sum(u.b_requests)), 9223372036854775807)::bigint,
         round(sum(greatest(u.cost - u.b_cost, 0)), 6),
         round(sum(u.b_cost), 6)
  from logged u
  group by u.fn, u.week
  order by u.week, u.fn;
end
$$;

revoke all on function public.cron_cost_by_week(integer, timestamptz) from public, anon, authenticated;
grant execute on function public.cron_cost_by_week(integer, timestamptz) to service_role;
