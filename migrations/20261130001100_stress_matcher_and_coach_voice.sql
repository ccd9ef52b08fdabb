-- Why: two things the coach got wrong (issue 14, points 5 and 6).
--
-- 1. The stress matcher read "no stress at all", "stress-free", "I don't feel stressed" as stress,
--    and the seed's word "down" in "cool down", "sat down" and "slowed down", words a fitness app
--    sees every day. strukt.has_stress_keyword now counts a keyword of the seed's list only where
--    a person would read the user expressing stress: the rules are written step by step below and
--    summed up in docs/operations.md ("Stress detection and message tone"). Same signature, so the
--    strukt_stress_evidence trigger uses it from the commit on; the evidence already stored is
--    judged again by the next migration, in a transaction of its own.
-- 2. Check-ins and template digests read the same for everyone. The candidate lists now also
--    return what the texts are written from: the user's coaching tone and persona, a first name
--    (for texts written here, never sent to OpenAI) and, for a check-in, whether the stressful days
--    came from the user's messages, their mood logs or both. cron_status_candidates and
--    cron_digest_candidates keep their arguments; only columns are added, at the end.
--
-- Safe on a live database: functions only. Nothing here reads or locks the app's tables.
set local lock_timeout = '5s';

------------------------------------------------------------------------------------------------
-- Stress matcher
------------------------------------------------------------------------------------------------

-- True when the text holds a keyword of the seed's list (stress, stressed, anxious, anxiety,
-- overwhelmed, tired, exhausted, difficult, tough, hard time, struggling, down, sad, depressed,
-- frustrated, angry, upset) as a whole word or phrase, in a sense a person would read as the user
-- expressing stress, and not negated before it. Case, curly apostrophes, punctuation and emoji do
-- not change the answer. Each step only removes or marks words, so the steps read in order.
create or replace function strukt.has_stress_keyword(message text)
returns boolean
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  -- The seed's keyword list. "down" counts only in its mood sense, which step 1 marks down_mood.
  kw constant text :=
    '(stressed|stress|anxious|anxiety|overwhelmed|tired|exhausted|difficult|tough|hard\s+time|struggling|down_mood|sad|depressed|frustrated|angry|upset)';
  -- What a training load is about: a session, an exercise, a distance.
  training constant text :=
    '(?:workouts?|sessions?|runs?|running|rides?|climbs?|hikes?|sets?|reps?|intervals?|class(?:es)?|leg\s+day|arm\s+day|wods?|hills?|lifts?|lifting|swims?|swimming|training|exercises?|poses?|moves?|routines?|circuits?|sprints?|races?|course|trail|route|programs?|programmes?|finishers?|yoga|spin|hiit|tempo|squats?|deadlifts?|lunges?|push-?ups?|pull-?ups?|burpees?|planks?|miles?|kms?|kilometers|kilometres|5k|10k|marathon|stretch(?:es|ing)?|warm-?ups?|cardio|rowing|cycling|drills?|mobility|pilates|crossfit|bootcamp)';
  -- Where a training load lands.
  body constant text :=
    '(?:legs?|arms?|muscles?|quads?|hamstrings?|calves|calf|glutes?|shoulders?|(?:my|the|lower|upper)\s+back|core|abs|body|feet|foot|biceps|triceps|lats|chest|forearms?|lungs|knees?|hips?|ankles?|joints?|neck|wrists?|elbows?|tendons?|ligaments?|spine|bones?|achilles)';
  -- Words between a feeling word and "down": "feeling a bit down", "I'm really kind of down".
  degree constant text :=
    '(?:(?:so|really|very|pretty|quite|a|bit|little|kind|kinda|of|sort|sorta|super|totally|rather|extremely|incredibly|too|just|all|still|also|even|fairly|somewhat|seriously|real|way|slightly|lately)\s+){0,4}';
  -- Words that may stand between a negation and the keyword: "don't really feel that stressed".
  filler constant text :=
    '(?:(?:feel|feels|feeling|felt|be|been|being|am|is|are|was|were|get|gets|getting|got|too|so|that|very|really|particularly|especially|at|all|overly|super|even|a|an|any|bit|little|much|as|remotely|seem|seems|seemed|look|looks|looked|sound|sounds|i|i''m|im|me|think|have|has|had|having|it|actually|terribly|quite|nearly|entirely|totally|completely|experiencing|ever|one|lot|of|kind|kinda|sort|like)\s+){0,4}';
  -- "not stressed or anxious": one negation covers the list.
  listed constant text := '(?:\s*,?\s+(?:or|nor)\s+' || kw || ')*';
  t text := pg_catalog.lower(pg_catalog.translate(coalesce(message, ''), '’‘ʼ`´', ''''''''''));
begin
  -- Most messages hold no keyword at all: one pass decides them.
  if t !~ '\m(stressed|stress|anxious|anxiety|overwhelmed|tired|exhausted|difficult|tough|hard\s+time|struggling|down|sad|depressed|frustrated|angry|upset)\M' then
    return false;
  end if;

  -- 1. "down" is a mood only after a feeling word: "feeling a bit down", "I'm so down", "been
  --    down lately", "it's getting me down", "down in the dumps", "I feel let down". "cool
  --    down", "sat down", "slowed down", "I'm down to 3 sets", "I'm down for a run" and "down
  --    2 kg" are not.
  if pg_catalog.strpos(t, 'down') > 0 then
    t := pg_catalog.regexp_replace(t, '\mdown(\s+in\s+the\s+dumps)\M', 'down_mood\1', 'g');
    t := pg_catalog.regexp_replace(t,
      '\m((?:get|gets|getting|got|gotten|bring|brings|bringing|brought|drag|drags|dragging|dragged|weigh|weighs|weighing|weighed|wear|wears|wearing|wore|worn)\s+(?:me|us)\s+)down\M',
      '\1down_mood', 'g');
    t := pg_catalog.regexp_replace(t,
      '(\m(?:feel|feels|feeling|felt|i''m|im|i\s+am|i\s+was|been|being)\s+' || degree || 'let\s+)down\M',
      '\1down_mood', 'g');
    t := pg_catalog.regexp_replace(t,
      '((?:\m(?:feel|feels|feeling|felt)|(?:^|[.!?;,:])\s*(?=(?:so|really|very|pretty|quite|a|bit|kinda)\s))\s*' || degree
        || ')down\M(?!-|\s*(?:to|for|with)\M)',
      '\1down_mood', 'g');
    t := pg_catalog.regexp_replace(t,
      '(\m(?:i''m|im|i\s+am|i\s+was|i''ve\s+been|ive\s+been|been|being)\s+' || degree
        || ')down\M(?!-|\s*(?:(?:to|for|with|by|from|at|here|there|the|an?|under|below|south|town|stairs)\M|(?:on|in)\s+(?:the|an?|all)\M|\d))',
      '\1down_mood', 'g');
  end if;

  -- 2. Senses that are not the user's stress: a training load, tired muscles, a medical or
  --    mechanical "stress", an upset stomach, fixed phrases. The words are removed.
  if pg_catalog.strpos(t, 'stress') > 0 then
    t := pg_catalog.regexp_replace(t,
      '\m(?:de-?)?stress(?:ed)?(?:-|\s+)?(?:free|less)\M|\mde-?stress(?:ed|ing)?\M'
        || '|\mstress\s+(?:fractures?|tests?|testing|reactions?|injury|injuries|balls?)\M'
        || '|\mstress(?:\s+levels?)?\s*(?:is|was|at|of|:|-|=)?\s*[0-3]\s*(?:/|out\s+of)\s*10\M',
      ' ', 'g');
    t := pg_catalog.regexp_replace(t,
      '\mstress(?:ed)?\s+(?:on|to|through)?\s*(?:(?:the|my|your|his|her|our|left|right|both)\s+){0,2}' || body || '\M',
      ' ', 'g');
  end if;
  if pg_catalog.strpos(t, 'anxi') > 0 then
    t := pg_catalog.regexp_replace(t,
      '\manxiety(?:-|\s+)?free\M|\manxious\s+to\s+(?:get\s+(?:started|going)|start|begin|try)\M', ' ', 'g');
  end if;
  if pg_catalog.strpos(t, 'tired') > 0 or pg_catalog.strpos(t, 'exhausted') > 0 then
    t := pg_catalog.regexp_replace(t, '\m(?:tired|exhausted)\s+' || body || '\M', ' ', 'g');
    t := pg_catalog.regexp_replace(t,
      '\m' || body || '(?:''s|''re|\s+(?:is|are|was|were|feel|feels|felt|feeling|got|get|getting|seem|seemed))?\s+'
        || '(?:(?:so|really|very|pretty|quite|a|bit|little|super|too|kinda|kind|of|dead|totally|completely|absolutely|just|still|all|seriously|properly)\s+){0,3}(?:tired|exhausted)\M',
      ' ', 'g');
    t := pg_catalog.regexp_replace(t,
      '\m(?:tired|exhausted)\s+(?:after|from)\s+(?:[a-z0-9''-]+\s+){0,2}' || training || '\M', ' ', 'g');
  end if;
  if pg_catalog.strpos(t, 'upset') > 0 then
    t := pg_catalog.regexp_replace(t,
      '\mupset\s+(?:(?:my|the|your|his|her|a|an)\s+)?(?:stomach|tummy|gut|belly)\M'
        || '|\m(?:stomach|tummy|gut|belly)(?:''s|\s+(?:is|was|felt|feels|feel|got|gets|seems|been))?\s+'
        || '(?:(?:a|bit|little|really|so|very|slightly|kinda|kind|of|pretty|quite|totally|been|feeling)\s+){0,3}upset\M',
      ' ', 'g');
  end if;
  if t ~ '(tough|difficult|hard|struggling)' then
    t := pg_catalog.regexp_replace(t,
      '\m(?:tough|difficult|hard\s+time|struggling)(?:\s+[a-z0-9''-]+){0,3}?\s+' || training || '\M', ' ', 'g');
    t := pg_catalog.regexp_replace(t,
      '\m' || training || '(?:''s|\s+(?:was|is|were|are|felt|feels|feel|got|gets|seemed|seems|looks|looked|has\s+been|have\s+been))\s+'
        || '(?:(?:so|really|very|pretty|quite|a|bit|little|super|too|kinda|kind|of|extremely|incredibly|seriously|way|insanely|brutally|properly|actually|surprisingly|definitely|lot)\s+){0,3}(?:tough|difficult)\M',
      ' ', 'g');
    t := pg_catalog.regexp_replace(t,
      '\m(?:tough|difficult)(?:\s+one)?\s*,?\s+but\s+(?:(?:so|really|very|super|totally|also|a)\s+)?'
        || '(?:good|great|fun|worth|rewarding|satisfying|doable|enjoyable|fair|awesome|amazing|productive|(?:i\s+)?(?:loved|enjoyed)\s+it)\M'
        || '|\mtough\s+(?:love|mudder|cookie|it\s+out)\M|\m(?:give|gives|gave|giving|given)\s+(?:me|us|him|her|them|you)\s+a\s+hard\s+time\M',
      ' ', 'g');
  end if;

  -- 3. Intensifiers that look like negations: "never been so stressed", "couldn't be more
  --    anxious", "haven't felt this tired in years". A "!" before the keyword keeps step 4 away.
  if t ~ '(this|such|more|never|since|years|ages|months|weeks|long|forever|while|ever|life)' then
    t := pg_catalog.regexp_replace(t, '\m(this|such\s+an?|such)\s+' || kw, '\1 !\2', 'g');
    t := pg_catalog.regexp_replace(t, '\m((?:be|been|feel|felt|get|got|feeling|getting)\s+(?:any\s+)?more)\s+' || kw, '\1 !\2', 'g');
    t := pg_catalog.regexp_replace(t, '\m(never(?:\s+[a-z'']+){0,3}?\s+(?:so|as))\s+' || kw, '\1 !\2', 'g');
    t := pg_catalog.regexp_replace(t,
      '\m(so|as|that)\s+' || kw || '(?=\s+(?:in|for)\s+(?:years|ages|months|weeks|a\s+long\s+time|so\s+long|forever|a\s+while|ever)\M|\s+since\M|\s+in\s+my\s+(?:life|entire|whole)\M)',
      '\1 !\2', 'g');
  end if;

  -- 4. A negation up to four words before the keyword removes it: "not stressed", "don't feel
  --    stressed", "not feeling too down", "no stress at all", "zero stress", "without any
  --    stress", "less anxious than last week". Punctuation ends a negation's reach.
  t := pg_catalog.regexp_replace(t,
    '\m(?:not|no\s+longer|never|hardly|barely|scarcely|nor|neither|less|[a-z]+n''t|dont|doesnt|didnt|isnt|wasnt|arent|werent|havent|hasnt|hadnt|wont|wouldnt|couldnt|shouldnt|aint|cant|cannot)\s+'
      || filler || kw || listed,
    ' ', 'g');
  t := pg_catalog.regexp_replace(t,
    '\m(?:no|zero|without|free\s+(?:of|from)|nothing\s+to\s+(?:be|get|feel))\s+'
      || '(?:(?:more|real|big|major|serious|much|signs?|of|extra|particular|any|feeling|feelings|getting|being|too|the|a|an|actual|bit|trace|hint)\s+){0,3}'
      || kw || listed,
    ' ', 'g');

  return t ~ ('\m' || kw || '\M');
end
$$;

------------------------------------------------------------------------------------------------
-- What the coach's texts are written from
------------------------------------------------------------------------------------------------

-- How the stressful days of strukt.stress_days were found: days with a stressful message of the
-- user's own, and days with a mood log of stress_level >= 7 or mood_score <= 3. A day can be both,
-- so the two need not add up to strukt.stress_days.
create function strukt.stress_day_sources(p_user_id uuid, p_tz text, p_from timestamptz, p_to timestamptz)
returns table (message_days integer, mood_days integer)
language sql
stable
set search_path = ''
as $$
  select
    (select count(distinct (s.at at time zone p_tz)::date)::integer
     from strukt.stress_messages s
     where s.user_id = p_user_id and s.at >= p_from and s.at < p_to),
    (select count(distinct m.date)::integer
     from public.mood_logs m
     where m.user_id = p_user_id
       and m.date between (p_from at time zone p_tz)::date and ((p_to - interval '1 microsecond') at time zone p_tz)::date
       and (m.stress_level >= 7 or m.mood_score <= 3))
$$;
revoke all on function strukt.stress_day_sources(uuid, text, timestamptz, timestamptz) from public;

-- Users with activity in the period and no digest for it yet, with their week's figures and up
-- to 10 recent excerpts of their own messages (emails and phone numbers removed, <= 200 chars),
-- and how the template greets them: first name (the first word of full_name), tone, persona.
drop function public.cron_digest_candidates(timestamptz, timestamptz, uuid[], integer, integer, uuid, integer);
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
  excerpts text[],
  first_name text,
  coaching_tone text,
  coaching_persona text
)
language sql
stable
security definer
set search_path = ''
as $$
  with zoned as (
    select p.user_id, p.full_name, p.coaching_tone, p.coaching_persona,
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
    select z.user_id, z.tz, z.full_name, z.coaching_tone, z.coaching_persona,
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
    l.n, coalesce(x.excerpts, '{}'),
    (pg_catalog.regexp_match(page.full_name, '[^[:space:]]+'))[1], page.coaching_tone, page.coaching_persona
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
-- the 3 days before (in the user's time zone), cooldowns, and inactivity; for the users who get a
-- notification, how it is written: tone, persona, first name and, for a check-in, on how many of
-- the stressful days the user's messages and their mood logs showed stress.
drop function public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer);
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

revoke all on function
  public.cron_digest_candidates(timestamptz, timestamptz, uuid[], integer, integer, uuid, integer),
  public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer)
  from public, anon, authenticated;
grant execute on function
  public.cron_digest_candidates(timestamptz, timestamptz, uuid[], integer, integer, uuid, integer),
  public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer)
  to service_role;
