import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { closeServer, listen, parseJsonObject, readBody, sendJsonText } from './http.ts';
import { checkJwt, type JwtClaims } from './jwt.ts';
import { errorResponse, gatewayError, type PostgrestErrorBody } from './postgrestErrors.ts';
import {
  chooseRoutine,
  readStatement,
  routineOf,
  ROUTINES_SQL,
  rpcStatement,
  type RoutineRow,
  type Statement,
} from './postgrestSql.ts';

/**
 * A PostgREST-compatible gateway for tests (DESIGN §4): PostgREST cannot run on these machines,
 * so the supabase transport and the RLS acceptance tests talk to this instead. It speaks the
 * part supabase-js uses — `POST /rest/v1/rpc/<fn>`, `GET /rest/v1/<table>` with simple filters —
 * with PostgREST's auth (role from the bearer JWT, `set local role`, `request.jwt.claims`), its
 * max-rows cap and its error bodies and statuses. Test support only, never product code.
 *
 * Not emulated: embedding, `Prefer` headers (count, return, tx), writes to tables, GET/HEAD rpc,
 * `or`/`not`/`and` filters, functions outside public, CORS. Tables of another exposed schema are
 * read with `Accept-Profile: <schema>`, as PostgREST does.
 */
export interface Gateway {
  /** Base URL for createClient(url, key): `http://127.0.0.1:<port>`. */
  url: string;
  /** HTTP requests served so far (each is one database transaction when it got that far). */
  readonly requests: number;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** The database to serve, connected to as a superuser that may `set role` to any API role. */
  databaseUrl: string;
  /** The HS256 secret tokens are verified with (a project's JWT secret). */
  jwtSecret: string;
  /** PostgREST's max-rows: no response carries more rows. @default 1000 (Supabase's default) */
  maxRows?: number;
  /** PostgREST's db-schemas: what `Accept-Profile` may name. @default ['public'] */
  schemas?: string[];
}

/** The roles a Supabase project's API serves; any other `role` claim is refused. */
const API_ROLES = new Set(['anon', 'authenticated', 'service_role']);
const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface Auth {
  role: string;
  claims: JwtClaims;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const maxRows = options.maxRows ?? 1000;
  // Interpolated into every statement's LIMIT, so it must be a plain positive integer.
  if (!Number.isInteger(maxRows) || maxRows < 1) {
    throw new Error(`Invalid maxRows ${maxRows}. Expected a whole number from 1 up.`);
  }
  // Same session time zone as the direct transport's pool, so both render timestamps alike.
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 5, options: '-c timezone=UTC' });
  pool.on('error', () => {}); // an idle client dropping must not crash the test process
  let requests = 0;

  const served: Served = { pool, secret: options.jwtSecret, maxRows, schemas: options.schemas ?? ['public'] };
  const server = createServer((req, res) => {
    requests += 1;
    const auth: { role: string } = { role: 'anon' };
    handle(req, served, auth)
      .then(
        (reply) => send(res, 200, reply),
        (error: unknown) => {
          const failure = errorResponse(error, auth.role);
          send(res, failure.status, JSON.stringify(failure.body), failure.body);
        },
      )
      .catch(() => res.destroy());
  });

  const { url } = await listen(server);

  return {
    url,
    get requests() {
      return requests;
    },
    async close() {
      // A second close() finds the server stopped: that is no error here.
      await closeServer(server).catch(() => {});
      await pool.end();
    },
  };
}

interface Served {
  pool: pg.Pool;
  secret: string;
  maxRows: number;
  schemas: string[];
}

/** One request: authenticate, route, run in a transaction; returns the JSON body of a 200. */
async function handle(req: IncomingMessage, served: Served, seen: { role: string }): Promise<string> {
  const url = new URL(req.url ?? '/', 'http://gateway');
  const route = /^\/rest\/v1\/(?:(rpc)\/)?([A-Za-z0-9_]+)$/.exec(url.pathname);
  if (!route) throw gatewayError(404, 'PGRST125', `Invalid path ${url.pathname}`);
  const auth = authenticate(req, served.secret);
  seen.role = auth.role;
  const name = route[2]!;
  if (route[1] === 'rpc') {
    if (req.method !== 'POST') {
      throw gatewayError(405, 'PGRST117', `Unsupported HTTP method: ${req.method}. Expected POST.`);
    }
    const args = parseArgs(await readBody(req, { maxBytes: MAX_BODY_BYTES, tooLarge }));
    return inTransaction(served.pool, auth, false, async (client) => {
      const found = await client.query<RoutineRow>(ROUTINES_SQL, [name]);
      const routine = chooseRoutine(name, found.rows.map(routineOf), Object.keys(args));
      return run(client, rpcStatement(name, routine, args, served.maxRows));
    });
  }
  if (req.method !== 'GET') {
    throw gatewayError(405, 'PGRST117', `Unsupported HTTP method: ${req.method}. Expected GET.`);
  }
  const profile = req.headers['accept-profile'];
  const schema = typeof profile === 'string' && profile !== '' ? profile : served.schemas[0]!;
  if (!served.schemas.includes(schema)) {
    throw gatewayError(
      406,
      'PGRST106',
      `The schema must be one of the following: ${served.schemas.join(', ')}`,
    );
  }
  return inTransaction(served.pool, auth, true, async (client) => {
    const found = await client.query(
      `select to_regclass(format('%I.%I', $1::text, $2::text)) is not null as ok`,
      [schema, name],
    );
    if (!found.rows[0]?.ok) {
      throw gatewayError(404, 'PGRST205', `Could not find the table '${schema}.${name}' in the schema cache`);
    }
    return run(client, readStatement(name, url.searchParams, served.maxRows, schema));
  });
}

/** Runs the statement; PostgreSQL renders the response body, as it does for PostgREST. */
async function run(client: pg.PoolClient, statement: Statement): Promise<string> {
  const result = await client.query<{ body: string }>(statement.text, statement.params);
  return result.rows[0]?.body ?? 'null';
}

/**
 * One transaction per request, as PostgREST does: the API role for the statement's privileges
 * and RLS, the JWT claims for auth.uid() and auth.role(). Rolled back on any error.
 */
async function inTransaction<T>(
  pool: pg.Pool,
  auth: Auth,
  readOnly: boolean,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(readOnly ? 'begin read only' : 'begin');
    try {
      await client.query(`set local role "${auth.role}"`);
      await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(auth.claims)]);
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch((rollbackError: Error) => {
        broken = rollbackError; // a connection that cannot roll back must not go back to the pool
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}

/** The role and claims of the request's token: `Authorization: Bearer …`, else the `apikey` header. */
function authenticate(req: IncomingMessage, secret: string): Auth {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const apikey = req.headers.apikey;
  const token = bearer ?? (typeof apikey === 'string' && apikey !== '' ? apikey : undefined);
  if (!token) {
    throw gatewayError(
      401,
      'PGRST302',
      'Anonymous access is disabled',
      null,
      'Send a JWT in Authorization: Bearer <token> (or the apikey header).',
    );
  }
  const check = checkJwt(token, secret);
  if (!check.ok)
    throw gatewayError(401, check.reason === 'JWT expired' ? 'PGRST303' : 'PGRST301', check.reason);
  const role = check.claims.role;
  if (typeof role !== 'string' || !API_ROLES.has(role)) {
    throw gatewayError(
      401,
      'PGRST301',
      `JWT role ${JSON.stringify(role ?? null)} is not served. Expected one of ${[...API_ROLES].join(', ')}.`,
    );
  }
  return { role, claims: check.claims };
}

function tooLarge(): Error {
  return gatewayError(413, 'PGRST102', 'Request body too large');
}

/** RPC arguments: a JSON object of named arguments (an empty body means none). */
function parseArgs(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const parsed = parseJsonObject(text);
  if (parsed.ok) return parsed.value;
  if (parsed.problem === 'invalid json') {
    throw gatewayError(
      400,
      'PGRST102',
      'Empty or invalid json',
      'Expected a JSON object of named arguments.',
    );
  }
  throw gatewayError(400, 'PGRST102', 'Expected a JSON object of named arguments in the request body.');
}

function send(res: ServerResponse, status: number, body: string, error?: PostgrestErrorBody): void {
  const headers: Record<string, string> = {};
  if (status === 401) {
    // A refused token says why (RFC 6750); a role without the privilege gets the bare challenge.
    headers['WWW-Authenticate'] =
      error && /^PGRST30[13]$/.test(error.code)
        ? `Bearer error="invalid_token", error_description=${JSON.stringify(error.message)}`
        : 'Bearer';
  }
  sendJsonText(res, status, body, headers);
}
