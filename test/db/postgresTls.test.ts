import { execFile } from 'node:child_process';
import { chmod, chown, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { openPostgresPool, openPostgresSession } from '../../src/db/postgres.ts';
import type { SqlClient } from '../../src/db/types.ts';
import { freePort } from '../support/freePort.ts';

/**
 * TLS to PostgreSQL with libpq's `sslmode` (issue 19, docs/security.md), against a private
 * PostgreSQL 15 cluster (test/support/pgcluster.sh) that serves a certificate signed by a CA made
 * here, the way Supabase signs its own with a CA no system store holds. The cluster refuses clear
 * text (`hostnossl ... reject`), so every connection that works below is encrypted, and
 * `pg_stat_ssl` confirms it.
 *
 * The host is 127.0.0.1 — loopback, where TLS is optional — with an explicit sslmode in every
 * URL: this proves the modes mean what libpq says. The rule that other hosts are always encrypted
 * is a pure decision, tested in test/db/tls.test.ts.
 *
 * Outside CI a machine without openssl or PostgreSQL binaries skips; CI must always run this.
 */

const run = promisify(execFile);
const SCRIPT = path.resolve('test/support/pgcluster.sh');
/** Exit code of pgcluster.sh when no cluster can be made on this machine. */
const CANNOT_START = 3;

let dir: string;
let certs: string;
let port: number;
let started = false;
let unavailable: string | null = null;

/** Nothing here can be set up, and this is not CI: the tests skip with this reason. */
function cannotRun(reason: string, error: unknown): void {
  if (process.env.CI === 'true') throw new Error(`TLS test cannot run in CI: ${reason}`, { cause: error });
  unavailable = reason;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'strukt-tls-'));
  certs = await mkdtemp(path.join(tmpdir(), 'strukt-tls-certs-'));
  port = await freePort();
  try {
    await run('openssl', ['version']);
  } catch (error) {
    return cannotRun('openssl is not installed', error);
  }
  // Both take seconds: side by side.
  const [cluster, certificates] = await Promise.allSettled([
    run('bash', [SCRIPT, 'start', dir, String(port)], { timeout: 60_000 }),
    makeCertificates(certs),
  ]);
  started = cluster.status === 'fulfilled';
  if (certificates.status === 'rejected') throw certificates.reason;
  if (cluster.status === 'rejected') {
    const e = cluster.reason as { code?: number; stderr?: string };
    if (e.code === CANNOT_START)
      return cannotRun(e.stderr?.trim() || 'no private PostgreSQL cluster here', e);
    throw new Error(`Could not start a private cluster: ${e.stderr ?? String(e)}`, { cause: e });
  }
  await enableTls();
}, 60_000);

afterAll(async () => {
  try {
    if (started) await run('bash', [SCRIPT, 'stop', dir, 'immediate'], { timeout: 30_000 });
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(certs, { recursive: true, force: true });
  }
});

/** A CA, a server certificate it signs for IP 127.0.0.1 only, and an unrelated CA. */
async function makeCertificates(folder: string): Promise<void> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const file = (name: string) => path.join(folder, name);
  await Promise.all([
    run('openssl', [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.crt'),
      '-days',
      '2',
      '-subj',
      '/CN=strukt test CA',
    ]),
    run('openssl', [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      file('other-ca.key'),
      '-out',
      file('other-ca.crt'),
      '-days',
      '2',
      '-subj',
      '/CN=someone else',
    ]),
    run('openssl', [
      'req',
      ...ec,
      '-keyout',
      file('server.key'),
      '-out',
      file('server.csr'),
      '-subj',
      '/CN=127.0.0.1',
    ]),
  ]);
  await writeFile(
    file('server.ext'),
    'subjectAltName = IP:127.0.0.1\nbasicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\n',
  );
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.crt'),
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
  ]);
}

/** Gives the cluster its certificate, turns TLS on and refuses clear text over TCP. */
async function enableTls(): Promise<void> {
  const data = path.join(dir, 'data');
  await copyFile(path.join(certs, 'server.crt'), path.join(data, 'server.crt'));
  await copyFile(path.join(certs, 'server.key'), path.join(data, 'server.key'));
  // PostgreSQL refuses a key that others can read, and reads it as the cluster's owner.
  await chmod(path.join(data, 'server.key'), 0o600);
  if (process.getuid?.() === 0) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    for (const name of ['server.crt', 'server.key']) await chown(path.join(data, name), uid, gid);
  }
  const admin = await openPostgresSession(urlFor({ sslmode: 'disable' }));
  try {
    for (const setting of ["ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'", 'ssl = on']) {
      await admin.exec(`alter system set ${setting}`);
    }
    const [row] = await admin.query<{ hba_file: string }>('show hba_file');
    await writeFile(
      row!.hba_file,
      [
        'local all all trust',
        'hostssl all all 127.0.0.1/32 trust',
        'hostnossl all all 127.0.0.1/32 reject',
        '',
      ].join('\n'),
    );
    await admin.query('select pg_reload_conf()');
  } finally {
    await admin.close();
  }
  // The reload is a signal: wait until a TLS connection is accepted.
  const until = Date.now() + 10_000;
  for (;;) {
    try {
      await withSession(urlFor({ sslmode: 'verify-full', sslrootcert: ca() }), async () => {});
      return;
    } catch (error) {
      if (Date.now() > until) throw new Error('the cluster did not turn TLS on', { cause: error });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function urlFor(params: Record<string, string>, host = '127.0.0.1'): string {
  const query = new URLSearchParams(params).toString();
  return `postgres://postgres@${host}:${port}/postgres${query ? `?${query}` : ''}`;
}

async function withSession<T>(url: string, use: (sql: SqlClient) => Promise<T>): Promise<T> {
  const sql = await openPostgresSession(url);
  try {
    return await use(sql);
  } finally {
    await sql.close();
  }
}

/** Whether this session is encrypted, as the server sees it. */
async function encrypted(sql: SqlClient): Promise<boolean> {
  const rows = await sql.query<{ ssl: boolean }>('select ssl from pg_stat_ssl where pid = pg_backend_pid()');
  return rows[0]!.ssl;
}

const ca = () => path.join(certs, 'ca.crt');
const otherCa = () => path.join(certs, 'other-ca.crt');

function skipIfUnavailable(ctx: TestContext): void {
  if (unavailable) ctx.skip(unavailable);
}

describe('TLS to PostgreSQL', () => {
  it('refuses clear text, so every connection that works here is encrypted', async (ctx) => {
    skipIfUnavailable(ctx);
    await expect(openPostgresSession(urlFor({ sslmode: 'disable' }))).rejects.toThrow(/no encryption/);
  });

  it("encrypts with sslmode=require to a server whose CA this machine does not know (Supabase's case)", async (ctx) => {
    skipIfUnavailable(ctx);
    expect(await withSession(urlFor({ sslmode: 'require' }), encrypted)).toBe(true);
  });

  it('verifies fully with sslmode=verify-full and the CA in sslrootcert', async (ctx) => {
    skipIfUnavailable(ctx);
    expect(await withSession(urlFor({ sslmode: 'verify-full', sslrootcert: ca() }), encrypted)).toBe(true);
  });

  it('verifies through the pool the jobs use, too', async (ctx) => {
    skipIfUnavailable(ctx);
    const pool = openPostgresPool(urlFor({ sslmode: 'verify-full', sslrootcert: ca() }), { max: 1 });
    try {
      expect(await encrypted(pool)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it.for([
    ['verify-full', 'verify-full'],
    ['verify-ca', 'verify-ca'],
    ['require with sslrootcert (libpq: verify-ca)', 'require'],
  ])('refuses a certificate another CA signed with %s, saying why', async ([, sslmode], ctx) => {
    skipIfUnavailable(ctx);
    const opening = openPostgresSession(urlFor({ sslmode: sslmode!, sslrootcert: otherCa() }));
    await expect(opening).rejects.toThrow(
      /^The database server's certificate failed verification \((UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE): .*Expected a certificate signed by the CA in sslrootcert/,
    );
  });

  it('checks the host name with verify-full and not with verify-ca', async (ctx) => {
    skipIfUnavailable(ctx);
    // The certificate is for IP 127.0.0.1; `localhost` reaches the same server under another name.
    const full = openPostgresSession(urlFor({ sslmode: 'verify-full', sslrootcert: ca() }, 'localhost'));
    await expect(full).rejects.toThrow(/failed verification \(ERR_TLS_CERT_ALTNAME_INVALID/);
    const caOnly = urlFor({ sslmode: 'verify-ca', sslrootcert: ca() }, 'localhost');
    expect(await withSession(caOnly, encrypted)).toBe(true);
  });
});
