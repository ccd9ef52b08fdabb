-- Why: in `--ai batch` mode a run sends its digests and plans to OpenAI's Batch API and collects
-- the answers later (up to 24 hours), often in another run. What was sent has to outlive the run:
--  - strukt.ai_batches: one row per batch, recorded as `submitting` with its request lines before
--    anything is sent, so a run that crashes between OpenAI's answer and its own record leaves a
--    row the next run can adopt (or close as `abandoned`); then `submitted` with OpenAI's ids;
--    then closed (collected, expired, failed, cancelled or abandoned) with what its users came to.
--    At most one unclosed batch per job, period and shard (a unique partial index), so two runs
--    of the same shard cannot both submit.
--  - strukt.ai_batch_requests: which user each request line is for. The file sent to OpenAI names
--    no user, only a custom_id; the answers are matched back through this table.
--  - Collectors take a batch with a lease (claimed_by, claimed_until): two runs polling at once,
--    one collects; a crashed collector's lease runs out and the next run takes over.
-- The public.cron_batch_* functions are the only way in (src/sql/batches.ts wraps each one);
-- both tables are out of every API role's reach, as strukt.notification_ledger is.
--
-- Safe on a live database: two new tables and new functions, nothing of the app's is touched.
set local lock_timeout = '5s';

-- One row per batch a run recorded. `key` is the run's own id for it (a uuid made before
-- anything is sent); openai_batch_id is OpenAI's, known once OpenAI took the file.
create table strukt.ai_batches (
  key text primary key,
  job text not null check (job in ('weekly-digest', 'plan-refresh')),
  -- The run's as-of: the candidates are read again at this instant when the batch is collected.
  as_of timestamptz not null,
  period_start timestamptz,
  period_end timestamptz,
  shard_index integer not null,
  shard_count integer not null,
  openai_batch_id text unique,
  input_file_id text,
  request_count integer not null default 0 check (request_count >= 0),
  state text not null check (state in ('submitting', 'submitted', 'collected', 'expired', 'failed',
                                       'cancelled', 'abandoned')),
  -- OpenAI's status when last polled (validating, in_progress, finalizing, completed, ...).
  openai_status text,
  submitted_at timestamptz not null default now(),
  -- When the run stops waiting for it (OpenAI's completion window, and the run's own margin).
  deadline_at timestamptz not null,
  run_id text,
  claimed_by text,
  claimed_until timestamptz,
  closed_at timestamptz,
  counts jsonb not null default '{}',
  constraint ai_batches_shard_check check (shard_count >= 1 and shard_index >= 0 and shard_index < shard_count),
  constraint ai_batches_period_check check (period_end is null or period_start is null or period_end > period_start),
  -- Closed exactly when its state is a final one.
  constraint ai_batches_closed_check check ((closed_at is null) = (state in ('submitting', 'submitted'))),
  constraint ai_batches_claim_check check ((claimed_by is null) = (claimed_until is null)),
  constraint ai_batches_counts_check check (jsonb_typeof(counts) = 'object')
);
-- At most one unclosed batch per job, period (the as-of when the job has no period) and shard.
-- Also what the unclosed listing reads (by job, or all of it: the unclosed rows are few).
create unique index ai_batches_unclosed_key
  on strukt.ai_batches (job, (coalesce(period_start, as_of)), shard_index, shard_count)
  where closed_at is null;
-- Health reads the batches closed since a time.
create index ai_batches_closed_at_idx on strukt.ai_batches (closed_at) where closed_at is not null;
alter table strukt.ai_batches enable row level security;
revoke all on strukt.ai_batches from public, anon, authenticated, service_role;

-- The request lines of a batch: which user each custom_id is for. One line per user per batch.
-- No key to auth.users: a deleted user's line matches no candidate when the batch is collected,
-- and the line goes with its batch.
create table strukt.ai_batch_requests (
  batch_key text not null references strukt.ai_batches (key) on delete cascade,
  custom_id text not null,
  user_id uuid not null,
  primary key (batch_key, custom_id),
  unique (batch_key, user_id)
);
alter table strukt.ai_batch_requests enable row level security;
revoke all on strukt.ai_batch_requests from public, anon, authenticated, service_role;

-- The checks the functions share: a clear error naming what was expected and what came.
create function strukt.check_batch_text(p_name text, p_value text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_value is null or pg_catalog.btrim(p_value) = '' then
    raise exception '% must be a non-empty text, got %', p_name, coalesce(pg_catalog.quote_literal(p_value), 'null')
      using errcode = '22023';
  end if;
end
$$;

create function strukt.check_batch_job(p_job text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_job is null or p_job not in ('weekly-digest', 'plan-refresh') then
    raise exception 'p_job must be weekly-digest or plan-refresh, got %', coalesce(pg_catalog.quote_literal(p_job), 'null')
      using errcode = '22023';
  end if;
end
$$;

revoke all on function strukt.check_batch_text(text, text), strukt.check_batch_job(text) from public;

-- Records a batch as `submitting`, unless an unclosed one exists for the same job, period and
-- shard: then nothing is recorded and that batch's row is returned with `created` false. The same
-- p_key again returns its row (created false), closed or not, whatever the other arguments are.
-- Race-safe: two runs opening the same shard at once, one inserts and the other gets its row.
create function public.cron_batch_open(
  p_key text,
  p_job text,
  p_as_of timestamptz,
  p_period_start timestamptz,
  p_period_end timestamptz,
  p_shard_index integer,
  p_shard_count integer,
  p_deadline_at timestamptz,
  p_run_id text
)
returns table (
  key text,
  job text,
  as_of timestamptz,
  period_start timestamptz,
  period_end timestamptz,
  shard_index integer,
  shard_count integer,
  openai_batch_id text,
  input_file_id text,
  request_count integer,
  state text,
  openai_status text,
  submitted_at timestamptz,
  deadline_at timestamptz,
  run_id text,
  claimed_by text,
  claimed_until timestamptz,
  closed_at timestamptz,
  counts jsonb,
  created boolean
)
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_created boolean;
  v_tries integer := 0;
begin
  perform strukt.check_batch_text('p_key', p_key);
  perform strukt.check_batch_job(p_job);
  if p_as_of is null then
    raise exception 'p_as_of must be a time, got null' using errcode = '22023';
  end if;
  if p_period_start is not null and p_period_end is not null and p_period_end <= p_period_start then
    raise exception 'p_period_end must be after p_period_start (%), got %', p_period_start, p_period_end
      using errcode = '22023';
  end if;
  if p_shard_count is null or p_shard_count < 1 then
    raise exception 'p_shard_count must be at least 1, got %', coalesce(p_shard_count::text, 'null')
      using errcode = '22023';
  end if;
  if p_shard_index is null or p_shard_index < 0 or p_shard_index >= p_shard_count then
    raise exception 'p_shard_index must be from 0 to % (p_shard_count - 1), got %', p_shard_count - 1,
      coalesce(p_shard_index::text, 'null') using errcode = '22023';
  end if;
  if p_deadline_at is null then
    raise exception 'p_deadline_at must be a time, got null' using errcode = '22023';
  end if;

  loop
    insert into strukt.ai_batches as b
      (key, job, as_of, period_start, period_end, shard_index, shard_count, state, deadline_at, run_id)
    values (p_key, p_job, p_as_of, p_period_start, p_period_end, p_shard_index, p_shard_count, 'submitting',
            p_deadline_at, p_run_id)
    on conflict do nothing
    returning true into v_created;
    if v_created then
      return query select b.*, true from strukt.ai_batches b where b.key = p_key;
      return;
    end if;
    -- The same key (idempotent), else the unclosed batch of this job, period and shard.
    return query select b.*, false from strukt.ai_batches b where b.key = p_key;
    if found then
      return;
    end if;
    return query
    select b.*, false
    from strukt.ai_batches b
    where b.job = p_job and coalesce(b.period_start, b.as_of) = coalesce(p_period_start, p_as_of)
      and b.shard_index = p_shard_index and b.shard_count = p_shard_count and b.closed_at is null;
    if found then
      return;
    end if;
    -- The batch in the way was closed between the insert and the read: try again.
    v_tries := v_tries + 1;
    if v_tries >= 3 then
      raise exception 'could not open batch %: its shard kept changing', p_key using errcode = '40001';
    end if;
  end loop;
end
$$;

-- Adds request lines ({custom_id, user_id}, at most 1,000 per call) to a batch still `submitting`;
-- lines already there (same custom_id, or a user the batch already has) are left as they are.
-- Returns how many were new; request_count becomes the batch's number of lines.
create function public.cron_batch_add_requests(p_key text, p_requests jsonb)
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
    raise exception 'p_requests must be a JSON array of {custom_id, user_id}, got %',
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
  limit 1;
  if found then
    raise exception 'each of p_requests must be {"custom_id": non-empty text, "user_id": uuid}, got %', v_bad
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

  insert into strukt.ai_batch_requests (batch_key, custom_id, user_id)
  select p_key, x.custom_id, x.user_id
  from pg_catalog.jsonb_to_recordset(p_requests) as x(custom_id text, user_id uuid)
  on conflict do nothing;
  get diagnostics v_added = row_count;

  update strukt.ai_batches b
  set request_count = (select count(*) from strukt.ai_batch_requests r where r.batch_key = p_key)
  where b.key = p_key;

  return query select v_added;
end
$$;

-- OpenAI took the batch: `submitting` → `submitted`, with OpenAI's batch and file ids and the
-- number of lines sent. False (nothing changed) when the batch is not `submitting`.
create function public.cron_batch_submitted(p_key text, p_openai_batch_id text, p_input_file_id text,
                                            p_request_count integer)
returns table (updated boolean)
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform strukt.check_batch_text('p_key', p_key);
  perform strukt.check_batch_text('p_openai_batch_id', p_openai_batch_id);
  perform strukt.check_batch_text('p_input_file_id', p_input_file_id);
  if p_request_count is null or p_request_count < 0 then
    raise exception 'p_request_count must be a whole number from 0 up, got %', coalesce(p_request_count::text, 'null')
      using errcode = '22023';
  end if;
  update strukt.ai_batches b
  set state = 'submitted', openai_batch_id = p_openai_batch_id, input_file_id = p_input_file_id,
      request_count = p_request_count
  where b.key = p_key and b.state = 'submitting';
  return query select found;
end
$$;

-- The unclosed batches, of one job (p_job) or of all (null), oldest first.
create function public.cron_batches_unclosed(p_job text default null)
returns table (
  key text,
  job text,
  as_of timestamptz,
  period_start timestamptz,
  period_end timestamptz,
  shard_index integer,
  shard_count integer,
  openai_batch_id text,
  input_file_id text,
  request_count integer,
  state text,
  openai_status text,
  submitted_at timestamptz,
  deadline_at timestamptz,
  run_id text,
  claimed_by text,
  claimed_until timestamptz,
  closed_at timestamptz,
  counts jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  if p_job is not null then
    perform strukt.check_batch_job(p_job);
  end if;
  return query
  select b.*
  from strukt.ai_batches b
  where b.closed_at is null and (p_job is null or b.job = p_job)
  order by b.submitted_at, b.key;
end
$$;

-- Takes the batch for p_run_id for p_lease_seconds, if it is unclosed and nobody else holds it
-- (nobody, a lease run out, or p_run_id itself: renewing). One statement: of two runs claiming at
-- once, the second waits for the first's row and then finds it held. Returns whether p_run_id
-- holds it now.
create function public.cron_batch_claim(p_key text, p_run_id text, p_lease_seconds integer)
returns table (claimed boolean)
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform strukt.check_batch_text('p_key', p_key);
  perform strukt.check_batch_text('p_run_id', p_run_id);
  if p_lease_seconds is null or p_lease_seconds not between 1 and 86400 then
    raise exception 'p_lease_seconds must be from 1 to 86400, got %', coalesce(p_lease_seconds::text, 'null')
      using errcode = '22023';
  end if;
  update strukt.ai_batches b
  set claimed_by = p_run_id, claimed_until = now() + pg_catalog.make_interval(secs => p_lease_seconds)
  where b.key = p_key and b.closed_at is null
    and (b.claimed_by is null or b.claimed_until < now() or b.claimed_by = p_run_id);
  return query select found;
end
$$;

-- Records OpenAI's latest status of a batch (for health and operators). An unknown key is no error.
create function public.cron_batch_note_status(p_key text, p_openai_status text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform strukt.check_batch_text('p_key', p_key);
  perform strukt.check_batch_text('p_openai_status', p_openai_status);
  update strukt.ai_batches b
  set openai_status = p_openai_status
  where b.key = p_key and b.openai_status is distinct from p_openai_status;
end
$$;

-- The users of these request lines of the batch (at most 1,000 ids): lines of another batch and
-- unknown ids are left out. In custom_id order.
create function public.cron_batch_users(p_key text, p_custom_ids text[])
returns table (custom_id text, user_id uuid)
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
  select r.custom_id, r.user_id
  from strukt.ai_batch_requests r
  where r.batch_key = p_key and r.custom_id = any (p_custom_ids)
  order by r.custom_id;
end
$$;

-- A page of the batch's request lines: custom_id after p_after (null: from the first), at most
-- p_limit (taken as 1 to 1,000), in custom_id order.
create function public.cron_batch_requests(p_key text, p_after text, p_limit integer)
returns table (custom_id text, user_id uuid)
language sql
stable
security definer
set search_path = ''
as $$
  select r.custom_id, r.user_id
  from strukt.ai_batch_requests r
  where r.batch_key = p_key and (p_after is null or r.custom_id > p_after)
  order by r.custom_id
  limit least(greatest(coalesce(p_limit, 1000), 1), 1000)
$$;

-- Closes a batch with its final state, OpenAI's last status (kept as it was when null) and what
-- its users came to, and lets go of its lease. Only a batch that is unclosed and held by p_run_id,
-- by nobody, or by a run whose lease ran out. Returns whether this call closed it.
create function public.cron_batch_close(p_key text, p_run_id text, p_state text, p_openai_status text,
                                        p_counts jsonb)
returns table (closed boolean)
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform strukt.check_batch_text('p_key', p_key);
  perform strukt.check_batch_text('p_run_id', p_run_id);
  if p_state is null or p_state not in ('collected', 'expired', 'failed', 'cancelled', 'abandoned') then
    raise exception 'p_state must be collected, expired, failed, cancelled or abandoned, got %',
      coalesce(pg_catalog.quote_literal(p_state), 'null') using errcode = '22023';
  end if;
  if p_counts is null or pg_catalog.jsonb_typeof(p_counts) <> 'object' then
    raise exception 'p_counts must be a JSON object, got %', coalesce(pg_catalog.jsonb_typeof(p_counts), 'null')
      using errcode = '22023';
  end if;
  update strukt.ai_batches b
  set closed_at = now(), state = p_state, openai_status = coalesce(p_openai_status, b.openai_status),
      counts = p_counts, claimed_by = null, claimed_until = null
  where b.key = p_key and b.closed_at is null
    and (b.claimed_by is null or b.claimed_by = p_run_id or b.claimed_until < now());
  return query select found;
end
$$;

-- What health looks at, at p_as_of: every unclosed batch (past_deadline when its deadline is
-- p_as_of or earlier) and those closed at or after p_since (failed_share: the failed lines'
-- share of its requests, null while unclosed or with no request). Oldest first.
create function public.cron_batch_health(p_as_of timestamptz, p_since timestamptz)
returns table (
  key text,
  job text,
  openai_batch_id text,
  state text,
  openai_status text,
  request_count integer,
  submitted_at timestamptz,
  deadline_at timestamptz,
  closed_at timestamptz,
  past_deadline boolean,
  failed_share double precision
)
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  if p_as_of is null then
    raise exception 'p_as_of must be a time, got null' using errcode = '22023';
  end if;
  if p_since is null then
    raise exception 'p_since must be a time, got null' using errcode = '22023';
  end if;
  return query
  select b.key, b.job, b.openai_batch_id, b.state, b.openai_status, b.request_count, b.submitted_at,
         b.deadline_at, b.closed_at,
         b.closed_at is null and b.deadline_at <= p_as_of,
         case when b.closed_at is not null and b.request_count > 0
                   and pg_catalog.jsonb_typeof(b.counts -> 'failed') = 'number'
              then ((b.counts ->> 'failed')::numeric / b.request_count)::double precision
         end
  from strukt.ai_batches b
  where b.closed_at is null or b.closed_at >= p_since
  order by b.submitted_at, b.key;
end
$$;

revoke all on function
  public.cron_batch_open(text, text, timestamptz, timestamptz, timestamptz, integer, integer, timestamptz, text),
  public.cron_batch_add_requests(text, jsonb),
  public.cron_batch_submitted(text, text, text, integer),
  public.cron_batches_unclosed(text),
  public.cron_batch_claim(text, text, integer),
  public.cron_batch_note_status(text, text),
  public.cron_batch_users(text, text[]),
  public.cron_batch_requests(text, text, integer),
  public.cron_batch_close(text, text, text, text, jsonb),
  public.cron_batch_health(timestamptz, timestamptz)
from public, anon, authenticated;
grant execute on function
  public.cron_batch_open(text, text, timestamptz, timestamptz, timestamptz, integer, integer, timestamptz, text),
  public.cron_batch_add_requests(text, jsonb),
  public.cron_batch_submitted(text, text, text, integer),
  public.cron_batches_unclosed(text),
  public.cron_batch_claim(text, text, integer),
  public.cron_batch_note_status(text, text),
  public.cron_batch_users(text, text[]),
  public.cron_batch_requests(text, text, integer),
  public.cron_batch_close(text, text, text, text, jsonb),
  public.cron_batch_health(timestamptz, timestamptz)
to service_role;
