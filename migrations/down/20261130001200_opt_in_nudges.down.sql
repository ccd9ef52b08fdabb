-- Reverses opt_in_nudges: cron_status_candidates gets back the signature and rules of
-- 20261130001100 (a nudge to every lapsed user, at most one a week).
drop function if exists public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer, boolean);

-- Every user with the figures and the decision of the status check at p_as_of: stressful days in
-- the 3 days before (in the user's time zone), cooldowns, and inactivity; for the users who get a
-- notification, how it is written: tone, persona, first name and, for a check-in, on how many of
-- the stressful days the user's messages and their mood logs showed stress.
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
  priority text,
  stress_message_days integer,
  stress_mood_days integer,
  first_name text,
  coaching_tone text,
  coaching_persona text
)
language sql
stable
security definer
set search_path = ''
as $$
  with ids as (
    select p.user_id, p.timezone, p.full_name, p.coaching_tone, p.coaching_persona
    from public.user_profiles p
    where p.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
      and strukt.in_page(p.user_id, p_users, p_shard_index, p_shard_count, p_after)
    order by p.user_id
    limit least(greatest(p_limit, 1), 1000)
  ),
  page as (
    -- The page is chosen before the zone lookup (fenced by its LIMIT) so the join cannot turn the
    -- ordered index scan into a sort; the view is read at most once per call.
    select ids.user_id, ids.full_name, ids.coaching_tone, ids.coaching_persona,
           coalesce(t.name, (select n.name from pg_catalog.pg_timezone_names n where n.name = ids.timezone), 'UTC') as tz
    from ids
    left join strukt.time_zones t on t.name = ids.timezone
  ),
  figures as materialized (
    select
      page.user_id, page.tz, page.full_name, page.coaching_tone, page.coaching_persona,
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
    d.action, d.priority, src.message_days, src.mood_days,
    -- Only a user who gets a message gets a name: the rest of the page never leaves the database.
    case when d.action is not null then (pg_catalog.regexp_match(f.full_name, '[^[:space:]]+'))[1] end,
    f.coaching_tone, f.coaching_persona
  from figures f
  cross join lateral (
    select
      case
        when f.stressful_days >= 2 and not f.recently_notified then 'ai_coach_proactive'
        when not f.active_last_7_days and f.active_before and not f.recently_nudged then 'nudge'
      end as action,
      case
        when f.stressful_days >= 3 and not f.recently_notified then 'high'
        when f.stressful_days >= 2 and not f.recently_notified then 'normal'
        when not f.active_last_7_days and f.active_before and not f.recently_nudged then 'low'
      end as priority
  ) d
  -- What the evidence was, read only for the users who get a check-in.
  left join lateral (
    select x.message_days, x.mood_days
    from strukt.stress_day_sources(f.user_id, f.tz, p_as_of - interval '3 days', p_as_of) x
    where d.action = 'ai_coach_proactive'
  ) src on true
  order by f.user_id
$$;

revoke all on function public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer)
  from public, anon, authenticated;
grant execute on function public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer)
  to service_role;
