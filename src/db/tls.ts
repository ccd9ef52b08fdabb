/**
 * How a direct PostgreSQL connection is encrypted (docs/security.md). node-postgres reads
 * `sslmode` its own way — its `require` verifies against the system store, so it fails on
 * Supabase's certificate — and without `sslmode` it sends everything in clear. This module gives
 * `sslmode` libpq's meaning and adds one rule: a host other than this machine is never reached
 * in clear.
 *
 *   sslmode         loopback host          any other host
 *   (none)          no TLS                 require, with a warning (certificate not verified)
 *   disable         no TLS                 an error, unless insecure connections are allowed
 *   allow, prefer   no TLS                 require (never a fallback to clear text)
 *   require         encrypted; the certificate is not checked (with sslrootcert: verify-ca)
 *   verify-ca       encrypted; the certificate must chain to sslrootcert
 *   verify-full     encrypted; chain to sslrootcert, and issued for the host
 *
 * `sslrootcert` is a CA file, or `system` for the platform's CAs (verify-full only, as libpq 16).
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { isLoopbackHost } from '../lib/loopback.ts';

export type SslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

export interface TlsPlan {
  /** The URL for node-postgres, without the TLS parameters this module has read. */
  connectionString: string;
  /** The host the connection goes to: a name, an address, or a Unix socket folder. */
  host: string;
  loopback: boolean;
  mode: SslMode;
  /** `sslrootcert`: a CA file, `system`, or null. */
  rootCert: string | null;
  /** `sslcert` / `sslkey`: a client certificate and its key, when the server asks for one. */
  clientCert: string | null;
  clientKey: string | null;
  /** Set when the host's certificate will not be checked although the URL did not ask for that. */
  warning: string | null;
}

export interface TlsPlanOptions {
  /** Allows `sslmode=disable` to a host other than this machine. @default false */
  allowInsecure?: boolean;
}

/** Parameters this module interprets; node-postgres must not read them its own way. */
const TLS_PARAMS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'uselibpqcompat'] as const;
const MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
const FIX = 'see docs/security.md';

/**
 * Decides how to connect, from the connection string alone. Pure: the CA file is read later by
 * `sslOptions`. Messages never contain the URL (it holds the password), only parameter values
 * and the host.
 */
export function planTls(url: string, options: TlsPlanOptions = {}): TlsPlan | { error: string } {
  const parsed = parseUrl(url);
  if (!parsed) return { error: 'Expected a connection string like postgresql://user:password@host:5432/db' };
  const params = parsed.searchParams;
  const hostname = parsed.hostname === DUMMY_HOST ? '' : parsed.hostname;
  const host = params.get('host') ?? decodeURIComponent(hostname).replace(/^\[(.*)\]$/, '$1');
  if (!host) return { error: 'Expected a host, like postgresql://user:password@host:5432/db; got none' };
  const loopback = host.startsWith('/') || isLoopbackHost(host);

  if (params.has('ssl')) {
    return {
      error: `Expected sslmode=require, verify-ca or verify-full (libpq's parameter); got ssl=${params.get('ssl')}, which node-postgres reads its own way`,
    };
  }
  const given = params.get('sslmode');
  if (given !== null && !(MODES as readonly string[]).includes(given)) {
    return { error: `Expected sslmode ${MODES.join(', ')}; got sslmode=${given}` };
  }
  const rootCert = params.get('sslrootcert') || null;
  const plan = {
    connectionString: withoutTlsParams(url, parsed),
    host,
    loopback,
    rootCert,
    clientCert: params.get('sslcert') || null,
    clientKey: params.get('sslkey') || null,
    warning: null,
  };

  // In clear only on request, or to this machine when the URL asks for nothing stronger.
  const weak = given === null || given === 'allow' || given === 'prefer';
  if (given === 'disable' || (weak && loopback && !rootCert)) {
    if (loopback || options.allowInsecure) return { ...plan, mode: 'disable' };
    return {
      error:
        `Expected TLS to ${host}, which is not this machine; got sslmode=disable. Remove it (or use sslmode=verify-full), ` +
        `or set STRUKT_ALLOW_INSECURE_DB=1 to send credentials and data in clear on purpose (${FIX})`,
    };
  }
  if (rootCert === 'system') {
    if (given !== null && given !== 'verify-full') {
      return {
        error: `Expected sslmode=verify-full with sslrootcert=system (as libpq); got sslmode=${given}`,
      };
    }
    return { ...plan, mode: 'verify-full' };
  }
  if (given === 'verify-ca' || given === 'verify-full') {
    if (!rootCert) {
      return {
        error:
          `Expected sslrootcert=<CA file> with sslmode=${given} (for Supabase: the CA certificate from ` +
          `Project Settings → Database), or sslrootcert=system for a publicly signed server; got none (${FIX})`,
      };
    }
    return { ...plan, mode: given };
  }
  // require, allow/prefer or nothing to another machine: encrypted; a CA file upgrades it to verify-ca.
  if (rootCert) return { ...plan, mode: 'verify-ca' };
  const warning =
    given === 'require'
      ? null
      : `DATABASE_URL has no sslmode: the connection to ${host} is encrypted, but the server's certificate ` +
        `is not verified. Add sslmode=verify-full&sslrootcert=<CA file> to verify it (${FIX}).`;
  return { ...plan, mode: 'require', warning };
}

/** node-postgres's `ssl` option for a plan; reads the certificate files it names. */
export function sslOptions(
  plan: TlsPlan,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): false | ConnectionOptions {
  if (plan.mode === 'disable') return false;
  const read = (name: string, path: string) => {
    try {
      return readFile(path);
    } catch (error) {
      throw new Error(`Could not read ${name} '${path}' named in DATABASE_URL`, { cause: error });
    }
  };
  const options: ConnectionOptions = {};
  if (plan.clientCert) options.cert = read('sslcert', plan.clientCert);
  if (plan.clientKey) options.key = read('sslkey', plan.clientKey);
  if (plan.mode === 'require') return { ...options, rejectUnauthorized: false };
  if (plan.rootCert && plan.rootCert !== 'system') options.ca = read('sslrootcert', plan.rootCert);
  options.rejectUnauthorized = true;
  // verify-ca: the chain is checked by rejectUnauthorized, the name on the certificate is not.
  if (plan.mode === 'verify-ca') options.checkServerIdentity = () => undefined;
  return options;
}

/** Stands in for an empty host, which WHATWG URL refuses after credentials (as node-postgres does). */
const DUMMY_HOST = '___dummy___';

/** WHATWG URL; `postgres://u@/db?host=/socket` parses with DUMMY_HOST as its host name. */
function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    try {
      return new URL(url.replace('@/', `@${DUMMY_HOST}/`));
    } catch {
      return null;
    }
  }
}

function withoutTlsParams(url: string, parsed: URL): string {
  if (!TLS_PARAMS.some((name) => parsed.searchParams.has(name))) return url;
  const copy = new URL(parsed.href);
  for (const name of TLS_PARAMS) copy.searchParams.delete(name);
  return copy.hostname === DUMMY_HOST ? copy.href.replace(`@${DUMMY_HOST}/`, '@/') : copy.href;
}
