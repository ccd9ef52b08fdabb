/**
 * PostgREST's error responses for the test gateway: the `{code, message, details, hint}` body and
 * the HTTP status PostgREST gives each PostgreSQL error code (its documented "HTTP Status Codes"
 * table), so supabase-js sees here what it would see from a real project.
 */

export interface PostgrestErrorBody {
  code: string;
  message: string;
  details: string | null;
  hint: string | null;
}

/** An error the gateway itself raises (bad token, unknown function, unparsable request). */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly body: PostgrestErrorBody,
  ) {
    super(body.message);
    this.name = 'GatewayError';
  }
}

export function gatewayError(
  status: number,
  code: string,
  message: string,
  details: string | null = null,
  hint: string | null = null,
): GatewayError {
  return new GatewayError(status, { code, message, details, hint });
}

/** Exact codes first, then classes (first two characters); anything else is a client error. */
const STATUS_BY_CODE: Record<string, number> = {
  '23503': 409, // foreign key violation
  '23505': 409, // unique violation
  '25006': 405, // read-only transaction
  '53400': 500, // config limit exceeded
  P0001: 400, // raise exception without a code
  '42883': 404, // undefined function
  '42P01': 404, // undefined table
  '42P17': 500, // infinite recursion (in a policy)
};
const STATUS_BY_CLASS: Record<string, number> = {
  '08': 503,
  '09': 500,
  '0L': 403,
  '0P': 403,
  '25': 500,
  '28': 403,
  '2D': 500,
  '38': 500,
  '39': 500,
  '3B': 500,
  '40': 500,
  '53': 503,
  '54': 500,
  '55': 500,
  '57': 500,
  '58': 500,
  F0: 500,
  HV: 500,
  P0: 500,
  XX: 500,
};

/**
 * The HTTP status for a PostgreSQL error code. Insufficient privilege is 401 for the anonymous
 * role (signing in might help) and 403 for everyone else.
 */
export function httpStatusOf(code: string, role: string): number {
  if (code === '42501') return role === 'anon' ? 401 : 403;
  return STATUS_BY_CODE[code] ?? STATUS_BY_CLASS[code.slice(0, 2)] ?? 400;
}

/** The status and body for anything a request threw. */
export function errorResponse(error: unknown, role: string): { status: number; body: PostgrestErrorBody } {
  if (error instanceof GatewayError) return { status: error.status, body: error.body };
  const e = error as { code?: unknown; message?: unknown; detail?: unknown; hint?: unknown };
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
    return {
      status: httpStatusOf(e.code, role),
      body: {
        code: e.code,
        message: String(e.message ?? ''),
        details: typeof e.detail === 'string' ? e.detail : null,
        hint: typeof e.hint === 'string' ? e.hint : null,
      },
    };
  }
  // No SQLSTATE: the connection to PostgreSQL failed, which PostgREST reports as PGRST000.
  return {
    status: 503,
    body: {
      code: 'PGRST000',
      message: 'Could not connect with the database',
      details: String(e.message ?? error),
      hint: null,
    },
  };
}
