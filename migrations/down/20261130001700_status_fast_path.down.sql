-- Reverses status_fast_path: cron_status_candidates and cron_queue_notifications as
-- 20261130001500 defines them and cron_status_pending_count as 20261130000800 does, word for word,
-- with their grants (service_role only); the activity triggers, strukt.last_activity, the mood
-- index and the helpers go. The app's rows are untouched.
set local lock_timeout = '5s';

drop function public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer, boolean, boolean,
                                            integer, integer, integer, integer);
drop function public.cron_status_pending_count(uuid[], integer, integer, uuid, timestamptz, boolean, boolean,
                                               integer, integer, integer, integer);
drop function public.cron_queue_notifications(timestamptz, jsonb, integer, integer);
drop function strukt.status_users(timestamptz, uuid[], integer, integer, uuid, integer, boolean, integer, integer, integer);
drop function strukt.zone_of(text);
drop function strukt.check_status_windows(integer, integer, integer, integer);

drop index public.mood_logs_stressful_user_date_idx;
do $$
declare
  t text;
begin
  foreach t in array array['ai_coach_logs', 'workouts', 'meals', 'sleep_logs', 'mood_logs'] loop
    execute pg_catalog.format('drop trigger strukt_last_activity_insert on public.%I', t);
    execute pg_catalog.format('drop trigger strukt_last_activity_update on public.%I', t);
    execute pg_catalog.format('drop trigger strukt_last_activity_delete on public.%I', t);
    execute pg_catalog.format('drop trigger strukt_last_activity_truncate on public.%I', t);
  end loop;
end
$$;
drop function strukt.note_activity_insert();
drop function strukt.note_activity_change();
drop function strukt.rebuild_last_activity();
drop function strukt.refresh_last_activity(uuid[]);
drop function strukt.latest_activity(uuid);
drop table strukt.last_activity;

-- How many users after p_after the status check has still to look at.
create function public.cron_status_pending_count(
  p_users uuid[] default null,
  p_shard_index integer default 0,
  p_shard_count integer default 1,
  p_after uuid default null
)
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select count(*)::integer
  from public.user_profiles p
  where p.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
    and strukt.in_page(p.user_id, p_users, p_shard_index, p_shard_count, p_after)
$$;

-- Queues notifications, each only if the ledger has none of its type for the user within the
-- cooldown (3 days for proactive check-ins, 7 for nudges), and records each one it queues in the
-- ledger in the same statement: both rows or neither. Per-user advisory locks, taken in user order,
-- make the check-then-insert hold when several runs race. Returns what this call inserted.
create function public.cron_queue_notifications(p_as_of timestamptz, p_notifications jsonb)
returns table (user_id uuid, type text, priority text, notification_id uuid)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('strukt:notify:' || u.user_id::text, 0))
  from (
    select distinct (x ->> 'user_id')::uuid as user_id
    from pg_catalog.jsonb_array_elements(p_notifications) x
    order by 1
  ) u;

  return query
  with wanted as (
    select distinct on (x.user_id, x.type) x.user_id, x.type, x.priority, x.message
    from pg_catalog.jsonb_to_recordset(p_notifications) as x(user_id uuid, type text, priority text, message text)
  ),
  inserted as (
    insert into public.coach_notifications as c
      (user_id, message, type, priority, delivery_channel, status, created_at)
    select w.user_id, w.message, w.type, w.priority, 'in-app', 'pending', p_as_of
    from wanted w
    where not exists (
      select 1 from strukt.notification_ledger l
      where l.user_id = w.user_id and l.type = w.type
        and l.created_at > p_as_of - case w.type when 'nudge' then interval '7 days' else interval '3 days' end
    )
    returning c.user_id, c.type, c.priority, c.id, c.created_at
  ),
  recorded as (
    insert into strukt.notification_ledger (notification_id, user_id, type, created_at)
    select i.id, i.user_id, i.type, i.created_at from inserted i
  )
  select i.user_id, i.type, i.priority, i.id from inserted i;
end
$$;

-- Every user with the figures and the decision of the status check at p_as_of: stressful days in
-- the 3 days before (in the user's time zone), the proactive cooldown, and inactivity (a nudge only
-- with p_nudges, and once per lapse); for the users who get a notification, how it is written:
-- tone, persona, first name and, for a check-in, on how many of the stressful days the user's
-- messages and their mood logs showed stress. The cooldown and "nudged this lapse" read the
-- ledger, never coach_notifications: nothing a user can write decides them.
create function public.cron_status_candidates(
  p_as_of timestamptz,
  p_users uuid[] default null,
  p_shard_index integer default 0,
  p_shard_count integer default 1,
  p_after uuid default null,
  p_limit integer default 1000,
  p_nudges boolean default false
)
returns table (
  user_id uuid,
  stressful_days integer,
  recently_notified boolean,
  active_last_7_days boolean,
  active_before boolean,
  nudged_this_lapse boolean,
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
      exists (select 1 from strukt.notification_ledger l
              where l.user_id = page.user_id and l.type = 'ai_coach_proactive'
                and l.created_at > p_as_of - interval '3 days') as recently_notified,
      strukt.has_activity(page.user_id, page.tz, p_as_of - interval '7 days', p_as_of) as active_last_7_days,
      strukt.has_activity(page.user_id, page.tz, p_as_of - interval '37 days', p_as_of - interval '7 days') as active_before
    from page
  ),
  lapses as (
    -- Only a lapsed user (quiet for 7 days after being active) can have been nudged in this lapse:
    -- a nudge with no activity between it and p_as_of. A nudge older than the 37 days looked at
    -- cannot belong to a lapse that still counts (the user would no longer be active_before).
    select f.*,
           case when not f.active_last_7_days and f.active_before then
             exists (select 1 from strukt.notification_ledger l
                     where l.user_id = f.user_id and l.type = 'nudge'
                       and l.created_at > p_as_of - interval '37 days' and l.created_at <= p_as_of
                       and not strukt.has_activity(f.user_id, f.tz, l.created_at, p_as_of))
           else false end as nudged_this_lapse
    from figures f
  )
  select f.user_id, f.stressful_days, f.recently_notified, f.active_last_7_days, f.active_before, f.nudged_this_lapse,
    d.action, d.priority, src.message_days, src.mood_days,
    -- Only a user who gets a message gets a name: the rest of the page never leaves the database.
    case when d.action is not null then (pg_catalog.regexp_match(f.full_name, '[^[:space:]]+'))[1] end,
    f.coaching_tone, f.coaching_persona
  from lapses f
  cross join lateral (
    select
      case
        when f.stressful_days >= 2 and not f.recently_notified then 'ai_coach_proactive'
        when p_nudges and not f.active_last_7_days and f.active_before and not f.nudged_this_lapse then 'nudge'
      end as action,
      case
        when f.stressful_days >= 3 and not f.recently_notified then 'high'
        when f.stressful_days >= 2 and not f.recently_notified then 'normal'
        when p_nudges and not f.active_last_7_days and f.active_before and not f.nudged_this_lapse then 'low'
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

revoke all on function
  public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer, boolean),
  public.cron_status_pending_count(uuid[], integer, integer, uuid),
  public.cron_queue_notifications(timestamptz, jsonb)
  from public, anon, authenticated;
grant execute on function
  public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer, boolean),
  public.cron_status_pending_count(uuid[], integer, integer, uuid),
  public.cron_queue_notifications(timestamptz, jsonb)
  to service_role;
