-- Why: a lease is per job and shard (`user-status:2/4`), so runs of the same job with different
-- shard counts took different keys and ran at once over the same users (a `0/1` run beside a
-- `0/4` run). Now a run is refused while a live lease of the same job with another shard count
-- exists; runs with the same count still run side by side, one per shard. A per-job advisory lock
-- decides one acquisition at a time, so two runs with different counts cannot both miss each
-- other. Key format, from src/runs/lease.ts: `<job>:all` (one shard) or `<job>:<index>/<count>`.

-- The shard count a lease key names: 'all' is 1.
create function strukt.lease_shard_count(p_key text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case when pg_catalog.split_part(p_key, ':', 2) = 'all' then '1'
              else pg_catalog.split_part(pg_catalog.split_part(p_key, ':', 2), '/', 2) end
$$;
revoke all on function strukt.lease_shard_count(text) from public;

create or replace function public.cron_acquire_lease(p_key text, p_holder uuid, p_ttl_seconds integer)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  job text := pg_catalog.split_part(p_key, ':', 1);
  acquired boolean;
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('strukt:lease:' || job, 0));
  if exists (
    select 1 from public.cron_leases l
    where pg_catalog.split_part(l.lease_key, ':', 1) = job
      and l.lease_key <> p_key
      and l.holder <> p_holder
      and l.expires_at >= now()
      and strukt.lease_shard_count(l.lease_key) <> strukt.lease_shard_count(p_key)
  ) then
    return false;
  end if;
  with taken as (
    insert into public.cron_leases as l (lease_key, holder, acquired_at, expires_at)
    values (p_key, p_holder, now(), now() + make_interval(secs => p_ttl_seconds))
    on conflict (lease_key) do update
      set holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
      where l.expires_at < now() or l.holder = excluded.holder
    returning 1
  )
  select exists (select 1 from taken) into acquired;
  return acquired;
end
$$;
