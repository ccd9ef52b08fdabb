-- Reverses lease_shard_counts: the lease is per job and shard key again.
create or replace function public.cron_acquire_lease(p_key text, p_holder uuid, p_ttl_seconds integer)
returns boolean
language sql
security definer
set search_path = ''
as $$
  with taken as (
    insert into public.cron_leases as l (lease_key, holder, acquired_at, expires_at)
    values (p_key, p_holder, now(), now() + make_interval(secs => p_ttl_seconds))
    on conflict (lease_key) do update
      set holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
      where l.expires_at < now() or l.holder = excluded.holder
    returning 1
  )
  select exists (select 1 from taken)
$$;
drop function if exists strukt.lease_shard_count(text);
