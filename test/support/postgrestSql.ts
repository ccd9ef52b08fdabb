import { gatewayError } from './postgrestErrors.ts';

/**
 * The SQL the test gateway runs for a request, built the way PostgREST builds it: named arguments
 * bound through `json_to_record` with each argument's declared type, results rendered to JSON by
 * PostgreSQL itself (so timestamps, numerics and jsonb look exactly as PostgREST sends them), and
 * every list capped at max-rows.
 */

export interface Statement {
  text: string;
  params: unknown[];
}

/** What the gateway needs to know about a `public` function (PostgREST's schema cache entry). */
export interface Routine {
  args: { name: string; type: string; required: boolean }[];
  returnsSet: boolean;
  /** Rows of columns (a table type, `returns table`, OUT parameters) rather than a single value. */
  returnsComposite: boolean;
  returnsVoid: boolean;
}

/** Every overload of public.<fn>, with its input arguments in declaration order. */
export const ROUTINES_SQL = `
  select p.pronargs as nargs, p.pronargdefaults as ndefaults, p.proretset as returns_set,
         (t.typtype = 'c' or coalesce(p.proargmodes::text[] && '{t,b,o}', false)) as returns_composite,
         p.prorettype = 'void'::regtype as returns_void,
         array(select format_type(a.oid, null)
               from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality a(oid, i)
               order by a.i) as types,
         p.proargmodes::text[] as modes,
         p.proargnames as names
  from pg_catalog.pg_proc p
  join pg_catalog.pg_type t on t.oid = p.prorettype
  where p.pronamespace = 'public'::regnamespace and p.proname = $1 and p.prokind = 'f'`;

export interface RoutineRow {
  nargs: number;
  ndefaults: number;
  returns_set: boolean;
  returns_composite: boolean;
  returns_void: boolean;
  types: string[];
  modes: string[] | null;
  names: string[] | null;
}

export function routineOf(row: RoutineRow): Routine {
  const inputs = row.types
    .map((type, i) => ({ type, mode: row.modes?.[i] ?? 'i', name: row.names?.[i] ?? '' }))
    .filter((a) => a.mode === 'i' || a.mode === 'b' || a.mode === 'v');
  return {
    args: inputs.map((a, i) => ({ name: a.name, type: a.type, required: i < row.nargs - row.ndefaults })),
    returnsSet: row.returns_set,
    returnsComposite: row.returns_composite,
    returnsVoid: row.returns_void,
  };
}

/**
 * PostgREST's overload choice: the function whose arguments include every given name and whose
 * required arguments were all given. None is PGRST202 (404), several is PGRST203 (300).
 */
export function chooseRoutine(fn: string, routines: Routine[], names: string[]): Routine {
  const fits = routines.filter(
    (r) =>
      names.every((n) => r.args.some((a) => a.name === n)) &&
      r.args.every((a) => !a.required || names.includes(a.name)),
  );
  if (fits.length === 1) return fits[0]!;
  const listed = [...names].sort().join(', ');
  if (fits.length > 1) {
    throw gatewayError(
      300,
      'PGRST203',
      `Could not choose the best candidate function between several overloads of public.${fn}(${listed})`,
      null,
      'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    );
  }
  const signature = names.length > 0 ? `(${listed})` : ' without parameters';
  throw gatewayError(
    404,
    'PGRST202',
    `Could not find the function public.${fn}${signature} in the schema cache`,
    `Searched for the function public.${fn}${names.length > 0 ? ` with parameters ${listed}` : ' without parameters'}, ` +
      'but no matches were found in the schema cache.',
    null,
  );
}

/** `select … from public.<fn>(name => value, …)` rendered as the JSON body of the response. */
export function rpcStatement(
  fn: string,
  routine: Routine,
  body: Record<string, unknown>,
  maxRows: number,
): Statement {
  const given = routine.args.filter((a) => Object.hasOwn(body, a.name));
  // PostgREST's binding: the JSON object becomes one typed record, so a JSON array lands in a
  // uuid[] argument, an object in a jsonb one, and "2025-01-01T00:00:00Z" in a timestamptz one.
  const source =
    given.length === 0
      ? `public.${ident(fn)}()`
      : `json_to_record($1::json) as _a(${given.map((a) => `${ident(a.name)} ${a.type}`).join(', ')}), ` +
        `lateral public.${ident(fn)}(${given.map((a) => `${ident(a.name)} => _a.${ident(a.name)}`).join(', ')})`;
  const params = given.length === 0 ? [] : [JSON.stringify(body)];
  const cap = `limit ${maxRows}`;
  let text: string;
  if (routine.returnsVoid) {
    text = `select 'null'::text as body from ${source} _r`;
  } else if (routine.returnsComposite) {
    text = routine.returnsSet
      ? `select coalesce(json_agg(_r), '[]')::text as body from (select _r.* from ${source} _r ${cap}) _r`
      : `select coalesce(json_agg(_r) -> 0, 'null')::text as body from (select _r.* from ${source} _r) _r`;
  } else {
    text = routine.returnsSet
      ? `select coalesce(json_agg(_r.v), '[]')::text as body from (select _r.v from ${source} _r(v) ${cap}) _r`
      : `select coalesce(json_agg(_r.v) -> 0, 'null')::text as body from (select _r.v from ${source} _r(v)) _r`;
  }
  return { text, params };
}

const OPERATORS: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const IS_VALUES = new Set(['null', 'true', 'false', 'unknown']);
const RESERVED = new Set(['select', 'order', 'limit', 'offset']);

/**
 * `GET /rest/v1/<table>?select=…&col=eq.value&order=col.desc&limit=n` as one statement. Filter
 * values stay untyped parameters, so PostgreSQL reads them as the column's type, as PostgREST does.
 */
export function readStatement(
  table: string,
  query: URLSearchParams,
  maxRows: number,
  schema = 'public',
): Statement {
  const params: unknown[] = [];
  const where: string[] = [];
  for (const [column, filter] of query) {
    if (RESERVED.has(column)) continue;
    where.push(filterSql(column, filter, params));
  }
  const select = query.get('select') ?? '*';
  const columns =
    select.trim() === '*'
      ? '_t.*'
      : select
          .split(',')
          .map((c) => `_t.${ident(c.trim(), 'select')}`)
          .join(', ');
  const order = query.get('order');
  const orderBy = order ? `order by ${order.split(',').map(orderTerm).join(', ')}` : '';
  const limit = Math.min(count(query.get('limit'), 'limit') ?? Infinity, maxRows);
  const offset = count(query.get('offset'), 'offset') ?? 0;
  const text =
    `select coalesce(json_agg(_r), '[]')::text as body from (` +
    `select ${columns} from ${ident(schema)}.${ident(table)} _t ${where.length ? `where ${where.join(' and ')}` : ''} ` +
    `${orderBy} limit ${limit} offset ${offset}) _r`;
  return { text, params };
}

function filterSql(column: string, filter: string, params: unknown[]): string {
  const col = `_t.${ident(column, 'filter')}`;
  const dot = filter.indexOf('.');
  const op = dot > 0 ? filter.slice(0, dot) : '';
  const value = filter.slice(dot + 1);
  if (op in OPERATORS) {
    params.push(value);
    return `${col} ${OPERATORS[op]} $${params.length}`;
  }
  if (op === 'is' && IS_VALUES.has(value)) return `${col} is ${value}`;
  if (op === 'in' && /^\(.*\)$/.test(value)) {
    params.push(value.slice(1, -1) === '' ? [] : value.slice(1, -1).split(','));
    return `${col} = any($${params.length})`;
  }
  throw gatewayError(
    400,
    'PGRST100',
    `"failed to parse filter (${filter})" (line 1, column 1)`,
    'Expected <operator>.<value> with one of eq, neq, gt, gte, lt, lte, is, in (the subset this gateway speaks).',
  );
}

function orderTerm(term: string): string {
  const [column = '', direction = 'asc', nulls] = term.trim().split('.');
  if ((direction !== 'asc' && direction !== 'desc') || (nulls && !/^nulls(first|last)$/.test(nulls))) {
    throw gatewayError(
      400,
      'PGRST100',
      `"failed to parse order (${term})"`,
      'Expected <column>.asc or <column>.desc',
    );
  }
  return `_t.${ident(column, 'order')} ${direction}${nulls ? ` nulls ${nulls.slice(5)}` : ''}`;
}

function count(value: string | null, name: string): number | undefined {
  if (value === null) return undefined;
  if (!/^\d+$/.test(value)) {
    throw gatewayError(400, 'PGRST100', `Invalid ${name} '${value}'. Expected a whole number from 0 up.`);
  }
  return Number(value);
}

/** A quoted identifier; only plain names are accepted, as every name here comes from a URL or body. */
export function ident(name: string, where = 'name'): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw gatewayError(
      400,
      'PGRST100',
      `Invalid ${where} '${name}'. Expected a plain SQL identifier (letters, digits, underscores).`,
    );
  }
  return `"${name}"`;
}
