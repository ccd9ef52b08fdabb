-- Reverses stress_matcher_and_coach_voice: the matcher of 20261130000600, word for word, with the
-- stored evidence judged again by it (messages the app writes during this transaction are judged
-- by the matcher being replaced); the candidate lists of 20261130000800, word for word.
set local lock_timeout = '5s';

-- True when the text contains a stress keyword (the seed's list) as a whole word or phrase,
-- case-insensitive, that is not negated right before it ("not stressed", "no longer anxious",
-- "never tired", "isn't / wasn't / not feeling down"). "download" and "downtown" do not match.
create or replace function strukt.has_stress_keyword(message text)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select coalesce(bool_or(m[1] is null), false)
  from pg_catalog.regexp_matches(
    pg_catalog.lower(pg_catalog.replace(coalesce(message, ''), '’', '''')),
    '(?:\m(not feeling|isn''t feeling|wasn''t feeling|no longer|not|never|isn''t|wasn''t)\s+)?\m(stressed|stress|anxious|anxiety|overwhelmed|tired|exhausted|difficult|tough|hard\s+time|struggling|down|sad|depressed|frustrated|angry|upset)\M',
    'g'
  ) as m
$$;

with changed as materialized (
  select l.id, l.user_id, l."timestamp" as at, s.log_id is not null as recorded
  from public.ai_coach_logs l
  left join strukt.stress_messages s on s.log_id = l.id
  where strukt.has_stress_keyword(l.user_message) <> (s.log_id is not null)
),
dropped as (
  delete from strukt.stress_messages s
  using changed c
  where c.recorded and s.log_id = c.id
)
insert into strukt.stress_messages (log_id, user_id, at)
select c.id, c.user_id, c.at
from changed c
where not c.recorded
on conflict (log_id) do nothing;

analyze strukt.stress_messages;

drop function public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer);
drop function public.cron_digest_candidates(timestamptz, timestamptz, uuid[], integer, integer, uuid, integer);
drop function strukt.stress_day_sources(uuid, text, timestamptz, timestamptz);

-- Users with activity in the period and no digest for it yet, with their week's figures and up
-- to 10 recent excerpts of their own messages (emails and phone numbers removed, <= 200 chars).
create function public.cron_digest_candidates(
  p_period_start timestamptz,
  p_period_end timestamptz,
  p_users uuid[] default null,
  p_shard_index integer default 0,
  p_shard_count integer default 1,
  p_after uuid default null,
  p_limit integer default 1000
)
returns table (
  user_id uuid,
  has_consent boolean,
  workouts integer,
  workout_minutes integer,
  meals integer,
  avg_calories numeric,
  sleep_nights integer,
  avg_sleep_hours numeric,
  mood_entries integer,
  avg_mood numeric,
  avg_stress numeric,
  messages integer,
  excerpts text[]
)
language sql
stable
security definer
set search_path = ''
as $$
  with zoned as (
    select p.user_id,
           coalesce(t.name, (select n.name from pg_catalog.pg_timezone_names n where n.name = p.timezone), 'UTC') as tz
    from public.user_profiles p
    left join strukt.time_zones t on t.name = p.timezone
    where p.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
      and strukt.in_page(p.user_id, p_users, p_shard_index, p_shard_count, p_after)
      and not exists (select 1 from public.ai_coach_notes n
                      where n.user_id = p.user_id and n.type = 'weekly_summary'
                        and n.period_start = p_period_start)
  ),
  page as (
    select z.user_id, z.tz,
           (p_period_start at time zone z.tz)::date as first_day,
           ((p_period_end - interval '1 microsecond') at time zone z.tz)::date as last_day
    from zoned z
    where strukt.has_activity(z.user_id, z.tz, p_period_start, p_period_end)
    order by z.user_id
    limit least(greatest(p_limit, 1), 1000)
  )
  select
    page.user_id,
    strukt.has_ai_consent(page.user_id),
    w.n, w.minutes, m.n, m.avg_calories, s.n, s.avg_hours, o.n, o.avg_mood, o.avg_stress,
    l.n, coalesce(x.excerpts, '{}')
  from page
  cross join lateral (
    select count(*)::integer as n, coalesce(sum(duration_minutes), 0)::integer as minutes
    from public.workouts w
    where w.user_id = page.user_id
      and case when w.workout_date is not null then w.workout_date >= p_period_start and w.workout_date < p_period_end
               else w.date between page.first_day and page.last_day end
  ) w
  cross join lateral (
    select count(*)::integer as n, round(avg(calories))::numeric as avg_calories
    from public.meals m
    where m.user_id = page.user_id
      and case when m."timestamp" is not null then m."timestamp" >= p_period_start and m."timestamp" < p_period_end
               else m.date between page.first_day and page.last_day end
  ) m
  cross join lateral (
    select count(*)::integer as n, round(avg(s.duration_minutes) / 60.0, 1) as avg_hours
    from public.sleep_logs s
    where s.user_id = page.user_id
      and coalesce(s.wake_time, s.created_at) >= p_period_start and coalesce(s.wake_time, s.created_at) < p_period_end
  ) s
  cross join lateral (
    select count(*)::integer as n, round(avg(mood_score), 1) as avg_mood, round(avg(stress_level), 1) as avg_stress
    from public.mood_logs o
    where o.user_id = page.user_id and o.date between page.first_day and page.last_day
  ) o
  cross join lateral (
    select count(*)::integer as n
    from public.ai_coach_logs a
    where a.user_id = page.user_id and a."timestamp" >= p_period_start and a."timestamp" < p_period_end
  ) l
  cross join lateral (
    select array_agg(e.excerpt order by e.ts desc) as excerpts
    from (
      select left(
               regexp_replace(
                 regexp_replace(a.user_message, '[[:alnum:]._%+-]+@[[:alnum:].-]+\.[[:alpha:]]{2,}', '[email]', 'g'),
                 '\+?[0-9][0-9 ().-]{6,}[0-9]', '[phone]', 'g'),
               200) as excerpt,
             a."timestamp" as ts
      from public.ai_coach_logs a
      where a.user_id = page.user_id and a."timestamp" >= p_period_start and a."timestamp" < p_period_end
        and btrim(a.user_message) <> ''
      order by a."timestamp" desc
      limit 10
    ) e
  ) x
  order by page.user_id
$$;

-- Every user with the figures and the decision of the status check at p_as_of: stressful days in
-- the 3 days before (in the user's time zone), cooldowns, and inactivity.
create function public.cron_status_candidates(
  p_as_of timestamptz,
  p_users uuid[] default null,
  p_shard_index integer default 0,
  p_shard_count integer default 1,
  p_after uuid default null,
  p_limit integer default 1000
)
returns table (
  user_id uuid,
  stressful_days integer,
  recently_notified boolean,
  active_last_7_days boolean,
  active_before boolean,
  recently_nudged boolean,
  action text,
  priority text
)
language sql
stable
security definer
set search_path = ''
as $$
  with ids as (
    select p.user_id, p.timezone
    from public.user_profiles p
    where p.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
      and strukt.in_page(p.user_id, p_users, p_shard_index, p_shard_count, p_after)
    order by p.user_id
    limit least(greatest(p_limit, 1), 1000)
  ),
  page as (
    -- The page is chosen before the zone lookup (fenced by its LIMIT) so the join cannot turn the
    -- ordered index scan into a sort; the view is read at most once per call.
    select ids.user_id,
           coalesce(t.name, (select n.name from pg_catalog.pg_timezone_names n where n.name = ids.timezone), 'UTC') as tz
    from ids
    left join strukt.time_zones t on t.name = ids.timezone
  ),
  figures as materialized (
    select
      page.user_id,
      strukt.stress_days(page.user_id, page.tz, p_as_of - interval '3 days', p_as_of) as stressful_days,
      exists (select 1 from public.coach_notifications c
              where c.user_id = page.user_id and c.type = 'ai_coach_proactive'
                and c.created_at > p_as_of - interval '3 days') as recently_notified,
      strukt.has_activity(page.user_id, page.tz, p_as_of - interval '7 days', p_as_of) as active_last_7_days,
      strukt.has_activity(page.user_id, page.tz, p_as_of - interval '37 days', p_as_of - interval '7 days') as active_before,
      exists (select 1 from public.coach_notifications c
              where c.user_id = page.user_id and c.type = 'nudge'
                and c.created_at > p_as_of - interval '7 days') as recently_nudged
    from page
  )
  select f.user_id, f.stressful_days, f.recently_notified, f.active_last_7_days, f.active_before, f.recently_nudged,
    case
      when f.stressful_days >= 2 and not f.recently_notified then 'ai_coach_proactive'
      when not f.active_last_7_days and f.active_before and not f.recently_nudged then 'nudge'
    end,
    case
      when f.stressful_days >= 3 and not f.recently_notified then 'high'
      when f.stressful_days >= 2 and not f.recently_notified then 'normal'
      when not f.active_last_7_days and f.active_before and not f.recently_nudged then 'low'
    end
  from figures f
  order by f.user_id
$$;

revoke all on function
  public.cron_digest_candidates(timestamptz, timestamptz, uuid[], integer, integer, uuid, integer),
  public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer)
  from public, anon, authenticated;
grant execute on function
  public.cron_digest_candidates(timestamptz, timestamptz, uuid[], integer, integer, uuid, integer),
  public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer)
  to service_role;
