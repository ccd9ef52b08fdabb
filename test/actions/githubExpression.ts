/**
 * A small evaluator of GitHub Actions expressions, enough for the `with:` values of our workflows:
 * literals, context properties (`secrets.X`, `inputs.mode`, `github.event.schedule`), `!`, `==`,
 * `!=`, `&&`, `||` and parentheses, with GitHub's rules: loose comparison that coerces mismatched
 * types to numbers, strings compared case-insensitively, `&&`/`||` returning an operand. Anything
 * else (function calls, `<`, indexes) throws, so a workflow that needs more fails the contract
 * loudly instead of being read wrong.
 */

export type Value = string | number | boolean | null | { [key: string]: Value };
export type Contexts = Record<string, Value>;

const TOKEN =
  /\s*(?:(\(|\)|&&|\|\||==|!=|!)|'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)\b|([A-Za-z_][\w-]*(?:\.[\w-]+)*))/y;

type Token =
  { kind: 'op'; op: string } | { kind: 'literal'; value: Value } | { kind: 'path'; path: string[] };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new Error(`Unsupported expression '${text}' at '${text.slice(at)}'.`);
    at = TOKEN.lastIndex;
    if (m[1]) tokens.push({ kind: 'op', op: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: 'literal', value: m[2].replace(/''/g, "'") });
    else if (m[3]) tokens.push({ kind: 'literal', value: Number(m[3]) });
    else if (m[4] === 'true' || m[4] === 'false') tokens.push({ kind: 'literal', value: m[4] === 'true' });
    else if (m[4] === 'null') tokens.push({ kind: 'literal', value: null });
    else tokens.push({ kind: 'path', path: m[4]!.split('.') });
  }
  return tokens;
}

function truthy(v: Value): boolean {
  return !(v === false || v === null || v === '' || v === 0 || Number.isNaN(v));
}

function toNumber(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v);
  return NaN;
}

function looseEquals(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b && typeof a !== 'object') return a === b;
  if (a === null && b === null) return true;
  if (typeof a === 'object' && a !== null) return a === b;
  return toNumber(a) === toNumber(b);
}

/** Evaluates one expression (the text inside `${{ }}`) against the given contexts. */
export function evaluate(expression: string, contexts: Contexts): Value {
  const tokens = tokenize(expression);
  let i = 0;
  const peekOp = (op: string) => {
    const t = tokens[i];
    return t?.kind === 'op' && t.op === op;
  };
  const or = (): Value => {
    let left = and();
    while (peekOp('||')) {
      i++;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const and = (): Value => {
    let left = equality();
    while (peekOp('&&')) {
      i++;
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const equality = (): Value => {
    let left = unary();
    while (peekOp('==') || peekOp('!=')) {
      const negate = peekOp('!=');
      i++;
      const same = looseEquals(left, unary());
      left = negate ? !same : same;
    }
    return left;
  };
  const unary = (): Value => {
    if (peekOp('!')) {
      i++;
      return !truthy(unary());
    }
    return primary();
  };
  const primary = (): Value => {
    const t = tokens[i++];
    if (!t) throw new Error(`Unexpected end of expression '${expression}'.`);
    if (t.kind === 'literal') return t.value;
    if (t.kind === 'path') {
      let v: Value = contexts;
      for (const key of t.path) {
        v = v !== null && typeof v === 'object' && key in v ? (v[key] ?? null) : null;
      }
      return v;
    }
    if (t.op === '(') {
      const v = or();
      if (!peekOp(')')) throw new Error(`Expected ')' in '${expression}'.`);
      i++;
      return v;
    }
    throw new Error(`Unexpected '${t.op}' in '${expression}'.`);
  };
  const value = or();
  if (i !== tokens.length) throw new Error(`Unsupported expression '${expression}'.`);
  return value;
}

/** A `with:` value as the runner passes it: a whole `${{ }}` as its value, text with them as a string. */
export function interpolate(text: string, contexts: Contexts): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expression: string) => {
    const v = evaluate(expression, contexts);
    return v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}
