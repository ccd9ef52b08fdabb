import { createHmac, randomBytes } from 'node:crypto';
import { passwordsOf } from './sanitize.ts';

/**
 * A short, stable reference to a user for logs: `u_` and 10 hex characters of an HMAC-SHA256 of
 * the id. Keyed, so someone who holds a user id (or a list of them) cannot recompute the ref and
 * find that user's lines, as they could with a bare hash.
 */
export type UserRef = (userId: string) => string;

/** Where the key of a run's user refs came from. */
export type UserRefKeySource = 'STRUKT_LOG_REF_KEY' | 'SUPABASE_SERVICE_ROLE_KEY' | 'DATABASE_URL' | 'random';

/** The fixed label a key is derived under, so the derived key is not the secret itself. */
const DERIVATION_LABEL = 'strukt-cron/log-user-ref/v1';

/** Builds the user-ref function for one key. */
export function createUserRef(key: string | Uint8Array): UserRef {
  return (userId) => 'u_' + createHmac('sha256', key).update(userId).digest('hex').slice(0, 10);
}

/**
 * The key of the user refs, in order: STRUKT_LOG_REF_KEY; else derived from a secret the
 * deployment already has (the service-role key, else the database password), so refs stay the
 * same across runs and entry points with no extra setup; else random — refs then correlate only
 * within one run. Rotating the secret a key comes from changes every ref after it.
 */
export function userRefKey(config: {
  logRefKey: string | null;
  supabaseServiceRoleKey: string | null;
  databaseUrl: string | null;
}): {
  key: Uint8Array;
  source: UserRefKeySource;
} {
  if (config.logRefKey) return { key: Buffer.from(config.logRefKey, 'utf8'), source: 'STRUKT_LOG_REF_KEY' };
  const password = passwordsOf(config.databaseUrl).at(-1);
  const base: [UserRefKeySource, string] | null = config.supabaseServiceRoleKey
    ? ['SUPABASE_SERVICE_ROLE_KEY', config.supabaseServiceRoleKey]
    : password
      ? ['DATABASE_URL', password]
      : null;
  if (base) return { key: createHmac('sha256', base[1]).update(DERIVATION_LABEL).digest(), source: base[0] };
  return { key: randomBytes(32), source: 'random' };
}
