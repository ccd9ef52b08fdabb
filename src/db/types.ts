/**
 * The one data interface every job uses (DESIGN §4). Set-based work lives in SQL functions
 * defined by the migrations; TypeScript calls them by name with named arguments.
 *
 * Glossary: a *transport* is how calls reach PostgreSQL — `supabase` (PostgREST RPC with the
 * service-role key), `postgres` (a direct pool) or `embedded` (PGlite in this process).
 */
export type Transport = 'supabase' | 'postgres' | 'embedded';

export interface Db {
  readonly transport: Transport;
  /** Calls `public.<fn>` with named arguments and returns its rows (a scalar result is one row `{ [fn]: value }`). */
  call<Row = Record<string, unknown>>(fn: string, args?: Record<string, unknown>): Promise<Row[]>;
  close(): Promise<void>;
}

/**
 * Raw SQL access, for what cannot go through RPC: migrations, seeding, tests, verify.
 * Only the `postgres` and `embedded` transports have one.
 */
export interface SqlClient {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of one or more statements without parameters. */
  exec(text: string): Promise<void>;
  close(): Promise<void>;
}

/** A database error with the PostgreSQL / PostgREST fields kept, so callers branch on `code`. */
export class DbError extends Error {
  readonly code: string | undefined;
  readonly details: string | undefined;
  readonly hint: string | undefined;
  constructor(
    message: string,
    fields: {
      code?: string | undefined;
      details?: string | undefined;
      hint?: string | undefined;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: fields.cause });
    this.name = 'DbError';
    this.code = fields.code;
    this.details = fields.details;
    this.hint = fields.hint;
  }
}

/** PostgreSQL error codes the code branches on. */
export const PG = {
  /** insufficient_privilege: a role may not run a function or read a table. */
  insufficientPrivilege: '42501',
  /** unique_violation: a concurrent writer got there first. */
  uniqueViolation: '23505',
  /** undefined_function: the migrations defining it were not applied. */
  undefinedFunction: '42883',
} as const;

/** Function names are interpolated into SQL by the direct transports, so they must be plain identifiers. */
export function assertFunctionName(fn: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(fn)) {
    throw new Error(
      `Invalid SQL function name '${fn}'. Expected a lower-case identifier like 'cron_record_run'.`,
    );
  }
}
