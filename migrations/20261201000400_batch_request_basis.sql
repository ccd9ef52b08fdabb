-- Why: a plan-refresh batch is answered hours after it was submitted, and in between the STRUKT
-- app may write the user a plan of its own (the user asks for one). Collected as if nothing had
-- happened, the batch's plan would become the newest version on top of it: the user's fresh plan
-- replaced by one built from older context. So each request line now records its basis, what it
-- was built on (plan-refresh: the user's latest plan version at submit; null for digests, whose
-- idempotency is the period's one digest), and the job saves the batch's answer on that basis:
-- cron_save_plans writes version basis + 1 only while no version above basis exists, so a plan
-- written in between wins and the batch's answer is counted as already written.
--
-- strukt.ai_batch_requests gains basis (null for lines recorded before this migration: they are
-- collected as before). cron_batch_add_requests takes an optional "basis" (a whole number or
-- null) in each line; cron_batch_users and cron_batch_requests return it (their result changes,
-- so they are dropped and created again, with the same grants). service_role only, as before.
-- Safe on a live database: adding a nullable column rewrites nothing; a lock_timeout keeps a busy
-- table from stalling the migration.
set local lock_timeout = '5s';

alter table strukt.ai_batch_requests add column basis integer;
comment on column strukt.ai_batch_requests.basis is
  'What the request was built on, e.g. the latest plan version at submit; null when nothing is versioned.';

-- Adds request lines ({custom_id, user_id, basis}, basis optional; at most 1,000 per call) to a
-- batch still `submitting`; lines already there (same custom_id, or a user the batch already has)
-- are left as they are.
-- Returns how many were new; request_count becomes the batch's number of lines.
create or replace function public.cron_batch_add_requests(p_key text, p_requests jsonb)
returns table (added integer)
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_state text;
  v_added integer;
  v_bad jsonb;
begin
  perform strukt.check_batch_text('p_key', p_key);
  if p_requests is null or pg_catalog.jsonb_typeof(p_requests) <> 'array' then
    raise exception 'p_requests must be a JSON array of {custom_id, user_id, basis}, got %',
      coalesce(pg_catalog.jsonb_typeof(p_requests), 'null') using errcode = '22023';
  end if;
  if pg_catalog.jsonb_array_length(p_requests) > 1000 then
    raise exception 'p_requests must hold at most 1000 request lines, got %', pg_catalog.jsonb_array_length(p_requests)
      using errcode = '22023';
  end if;
  select x into v_bad
  from pg_catalog.jsonb_array_elements(p_requests) x
  where pg_catalog.jsonb_typeof(x) <> 'object'
     or pg_catalog.jsonb_typeof(x -> 'custom_id') is distinct from 'string'
     or pg_catalog.btrim(x ->> 'custom_id') = ''
     or pg_catalog.jsonb_typeof(x -> 'user_id') is distinct from 'string'
     or (x ->> 'user_id') !~* '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$'
     or (coalesce(pg_catalog.jsonb_typeof(x -> 'basis'), 'null') <> 'null'
         and (pg_catalog.jsonb_typeof(x -> 'basis') <> 'number' or (x ->> 'basis') !~ '^-?[0-9]{1,9}$'))
  limit 1;
  if found then
    raise exception 'each of p_requests must be {"custom_id": non-empty text, "user_id": uuid, "basis": whole number or null (optional)}, got %', v_bad
      using errcode = '22023';
  end if;

  -- Locked: a batch cannot turn `submitted` while lines are being added to it.
  select b.state into v_state from strukt.ai_batches b where b.key = p_key for update;
  if not found then
    raise exception 'no batch %', p_key using errcode = '22023';
  end if;
  if v_state <> 'submitting' then
    raise exception 'batch % is %, and request lines can be added only while it is submitting', p_key, v_state
      using errcode = '55000';
  end if;

  insert into strukt.ai_batch_requests (batch_key, custom_id, user_id, basis)
  select p_key, x.custom_id, x.user_id, x.basis
  from pg_catalog.jsonb_to_recordset(p_requests) as x(custom_id text, user_id uuid, basis integer)
  on conflict do nothing;
  get diagnostics v_added = row_count;

  update strukt.ai_batches b
  set request_count = (select count(*) from strukt.ai_batch_requests r where r.batch_key = p_key)
  where b.key = p_key;

  return query select v_added;
end
$$;

drop function public.cron_batch_users(text, text[]);
-- The users of these request lines, with each line's basis (lines of another batch, or unknown
-- ids, are left out).
create function public.cron_batch_users(p_key text, p_custom_ids text[])
returns table (custom_id text, user_id uuid, basis integer)
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform strukt.check_batch_text('p_key', p_key);
  if p_custom_ids is null or coalesce(pg_catalog.cardinality(p_custom_ids), 0) > 1000 then
    raise exception 'p_custom_ids must be an array of at most 1000 ids, got %',
      coalesce(pg_catalog.cardinality(p_custom_ids)::text || ' ids', 'null') using errcode = '22023';
  end if;
  return query
  select r.custom_id, r.user_id, r.basis
  from strukt.ai_batch_requests r
  where r.batch_key = p_key and r.custom_id = any (p_custom_ids)
  order by r.custom_id;
end
$$;

drop function public.cron_batch_requests(text, text, integer);
-- A page of the batch's request lines: custom_id after p_after (null: from the first), at most
-- p_limit (taken as 1 to 1,000), in custom_id order.
create function public.cron_batch_requests(p_key text, p_after text, p_limit integer)
returns table (custom_id text, user_id uuid, basis integer)
language sql
stable
security definer
set search_path = ''
as $$
  select r.custom_id, r.user_id, r.basis
  from strukt.ai_batch_requests r
  where r.batch_key = p_key and (p_after is null or r.custom_id > p_after)
  order by r.custom_id
  limit least(greatest(coalesce(p_limit, 1000), 1), 1000)
$$;

revoke all on function public.cron_batch_users(text, text[]), public.cron_batch_requests(text, text, integer)
from public, anon, authenticated;
grant execute on function public.cron_batch_users(text, text[]), public.cron_batch_requests(text, text, integer)
to service_role;
