import type { Db } from '../db/types.ts';
import type { JobName } from '../domain/jobs.ts';
import type { Shard } from '../domain/runRequest.ts';
import * as sql from '../sql/leases.ts';

/**
 * One lease per job and shard: `weekly-digest:all`, `user-status:2/4`. Shard 0/1 is every user,
 * so it takes the key of an unsharded run. The database refuses a lease while the same job holds
 * one with another shard count (cron_acquire_lease): those runs would cover the same users.
 */
export function leaseKey(job: JobName, shard: Shard | null): string {
  return `${job}:${shard && shard.count > 1 ? `${shard.index}/${shard.count}` : 'all'}`;
}

/** True when `holder` now holds the lease (it was free, expired, or already ours). */
export function acquireLease(db: Db, key: string, holder: string, ttlMs: number): Promise<boolean> {
  return sql.acquireLease(db, { p_key: key, p_holder: holder, p_ttl_seconds: ttlSeconds(ttlMs) });
}

/** False when the lease was lost (it expired and another run took it). */
export function renewLease(db: Db, key: string, holder: string, ttlMs: number): Promise<boolean> {
  return sql.renewLease(db, { p_key: key, p_holder: holder, p_ttl_seconds: ttlSeconds(ttlMs) });
}

export function releaseLease(db: Db, key: string, holder: string): Promise<boolean> {
  return sql.releaseLease(db, { p_key: key, p_holder: holder });
}

function ttlSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
