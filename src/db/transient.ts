import { DbError } from './types.ts';

/**
 * Database failures worth another try: lost connections, a server starting or shutting down,
 * serialization and deadlock clashes, and PostgREST's 5xx or network errors. Everything else
 * (permissions, bad arguments, missing functions) fails the same way every time.
 */
const TRANSIENT_CODES = new Set([
  '08000',
  '08001',
  '08003',
  '08004',
  '08006', // connection exceptions
  '57P01',
  '57P02',
  '57P03', // admin shutdown, crash shutdown, cannot connect now
  '40001',
  '40P01', // serialization failure, deadlock detected
  '55P03', // lock_not_available: a lock_timeout gave up behind another transaction
  '53300', // too many connections
  'PGRST000',
  'PGRST001',
  'PGRST002',
  'PGRST003', // PostgREST could not reach or wait for the database
]);

const TRANSIENT_NETWORK =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|socket hang up|fetch failed|Connection terminated|terminating connection|server closed the connection/i;

export function isTransientDbError(error: unknown): boolean {
  if (error instanceof DbError && error.code && TRANSIENT_CODES.has(error.code)) return true;
  if (error instanceof DbError && error.code && /^5\d\d$/.test(error.code)) return true;
  const message =
    error instanceof Error
      ? `${error.message} ${String((error.cause as Error | undefined)?.message ?? '')}`
      : String(error);
  return TRANSIENT_NETWORK.test(message);
}
