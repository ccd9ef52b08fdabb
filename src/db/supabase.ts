import { createClient, type RealtimeClientOptions, type SupabaseClient } from '@supabase/supabase-js';
import { assertFunctionName, DbError, type Db } from './types.ts';

export interface SupabaseDbOptions {
  /** The project URL, e.g. `https://<project-ref>.supabase.co`. */
  url: string;
  /** The service-role key: the only role the job functions are granted to. Never logged. */
  serviceRoleKey: string;
  /** The fetch every request goes through. @default the global fetch */
  fetch?: typeof fetch;
}

const MAX_MESSAGE_CHARS = 500;

/** The fields of a PostgREST error body, as supabase-js hands them over (any may be missing). */
interface RpcError {
  message?: string;
  code?: string;
  details?: string | null;
  hint?: string | null;
}

/**
 * `Db` over Supabase's API: every call is `supabase.rpc(fn, args)` with the service-role key
 * (DESIGN §4). PostgREST returns at most 1,000 rows a response, so lists go through `pages()`.
 *
 * Rows have the shapes the direct transports give: a set or table function's rows as they are,
 * a scalar function's value as one row `{ [fn]: value }`.
 */
export function createSupabaseDb(options: SupabaseDbOptions): Db {
  assertOptions(options);
  let client: Promise<SupabaseClient> | undefined;
  return {
    transport: 'supabase',
    async call<Row>(fn: string, args: Record<string, unknown> = {}): Promise<Row[]> {
      assertFunctionName(fn);
      // The same names the direct transports accept, so a call fails alike on every transport.
      for (const [name, value] of Object.entries(args)) if (value !== undefined) assertFunctionName(name);
      client ??= openClient(options);
      const { data, error, status } = await (await client).rpc(fn, args);
      if (error) throw rpcError(fn, error as RpcError, status);
      return toRows<Row>(fn, data, status);
    },
    // Nothing to release: requests are plain HTTP, and realtime never connects.
    close: async () => {},
  };
}

/**
 * Created on first use so that the `ws` package is loaded only on a runtime without a global
 * WebSocket (Node 20): supabase-js's realtime client insists on one at construction even though
 * the jobs never subscribe, and Node 22+ (the actions run on Node 24) and Deno have their own.
 */
async function openClient(options: SupabaseDbOptions): Promise<SupabaseClient> {
  const realtime: RealtimeClientOptions = {};
  if (typeof globalThis.WebSocket === 'undefined') {
    // ws implements the browser WebSocket API realtime-js uses; its typings lead with a
    // server-side `new WebSocket(null)` overload that realtime-js's constructor type rejects.
    const { WebSocket } = await import('ws');
    realtime.transport = WebSocket as unknown as RealtimeClientOptions['transport'];
  }
  return createClient(options.url, options.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime,
    ...(options.fetch ? { global: { fetch: options.fetch } } : {}),
  });
}

/**
 * PostgREST answers an array for set and table functions and a bare JSON value for scalar ones.
 * A set of scalars (`returns setof int`) arrives as an array of values; each becomes `{ [fn]: v }`
 * as on the direct transports. `null` is a scalar function's null (e.g. a lease not acquired),
 * except on 204 No Content, which carries no result at all.
 */
function toRows<Row>(fn: string, data: unknown, status: number): Row[] {
  if (Array.isArray(data)) return data.map((v) => (isRecord(v) ? v : { [fn]: v })) as Row[];
  if (data === null && status === 204) return [];
  return [{ [fn]: data }] as Row[];
}

/**
 * Keeps PostgREST's code, details and hint so callers branch on `code`. A gateway in front of
 * PostgREST that fails (502/503/504 with an HTML body) leaves no code; the HTTP status stands in
 * for it, which is what isTransientDbError retries on.
 */
function rpcError(fn: string, error: RpcError, status: number): DbError {
  const code = error.code || (status >= 500 ? String(status) : undefined);
  // A proxy's HTML error page arrives whole as the message; its start says enough.
  const message = (error.message || `HTTP ${status}`).slice(0, MAX_MESSAGE_CHARS);
  return new DbError(`${fn}: ${message}`, {
    code,
    details: error.details ?? undefined,
    hint: error.hint ?? undefined,
    cause: error,
  });
}

function assertOptions(options: SupabaseDbOptions): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(options.url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new Error(`Invalid Supabase URL '${options.url}'. Expected https://<project-ref>.supabase.co.`);
  }
  if (!options.serviceRoleKey) {
    throw new Error("Missing the Supabase service-role key. Expected the project's service_role key.");
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
