/** cron_acquire_lease, cron_renew_lease, cron_release_lease: one live run per job and shard. */
import type { Db } from '../db/types.ts';
import { scalarOf } from './call.ts';

export interface LeaseArgs {
  p_key: string;
  p_holder: string;
  p_ttl_seconds: number;
}

/** True when the holder now holds the lease (it was free, expired, or already theirs). */
export function acquireLease(db: Db, args: LeaseArgs): Promise<boolean> {
  return scalarOf<boolean>(db, 'cron_acquire_lease', args);
}

/** False when the lease was lost (it expired and another run took it). */
export function renewLease(db: Db, args: LeaseArgs): Promise<boolean> {
  return scalarOf<boolean>(db, 'cron_renew_lease', args);
}

export function releaseLease(db: Db, args: Omit<LeaseArgs, 'p_ttl_seconds'>): Promise<boolean> {
  return scalarOf<boolean>(db, 'cron_release_lease', args);
}
