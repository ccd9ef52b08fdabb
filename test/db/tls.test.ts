import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/lib/errors.ts';
import { openPostgresPool, openPostgresSession } from '../../src/db/postgres.ts';
import { planTls, sslOptions, type TlsPlan } from '../../src/db/tls.ts';

const REMOTE = 'postgresql://postgres.abcd:s3cret-pw@aws-0-eu-west-1.pooler.supabase.com:5432/postgres';
const LOCAL = 'postgres://postgres:pw@127.0.0.1:5432/postgres';

function plan(url: string, allowInsecure = false): TlsPlan {
  const result = planTls(url, { allowInsecure });
  if ('error' in result) throw new Error(`unexpected error: ${result.error}`);
  return result;
}

function errorOf(url: string, allowInsecure = false): string {
  const result = planTls(url, { allowInsecure });
  if (!('error' in result)) throw new Error(`expected an error, got mode ${result.mode}`);
  return result.error;
}

/** Stands in for the file system: every path reads as `contents of <path>`. */
const readFake = (path: string) => `contents of ${path}`;

describe('TLS to another machine', () => {
  it('encrypts without sslmode, and warns that the certificate is not verified', () => {
    const p = plan(REMOTE);
    expect(p).toMatchObject({
      mode: 'require',
      loopback: false,
      host: 'aws-0-eu-west-1.pooler.supabase.com',
    });
    expect(p.warning).toMatch(
      /no sslmode: the connection to aws-0-eu-west-1\.pooler\.supabase\.com is encrypted/,
    );
    expect(p.warning).toMatch(/sslmode=verify-full&sslrootcert=/);
    expect(sslOptions(p, readFake)).toEqual({ rejectUnauthorized: false });
  });

  it('refuses sslmode=disable, naming the host and the way out, never the password', () => {
    const message = errorOf(`${REMOTE}?sslmode=disable`);
    expect(message).toMatch(/Expected TLS to aws-0-eu-west-1\.pooler\.supabase\.com.*got sslmode=disable/);
    expect(message).toMatch(/STRUKT_ALLOW_INSECURE_DB=1/);
    expect(message).not.toContain('s3cret-pw');
  });

  it('allows sslmode=disable when insecure connections are allowed on purpose', () => {
    expect(plan(`${REMOTE}?sslmode=disable`, true).mode).toBe('disable');
    expect(sslOptions(plan(`${REMOTE}?sslmode=disable`, true))).toBe(false);
  });

  it.each(['allow', 'prefer'])('never falls back to clear text with sslmode=%s', (mode) => {
    expect(plan(`${REMOTE}?sslmode=${mode}`).mode).toBe('require');
  });

  it.each(['10.0.0.5', '192.168.1.20', 'host.docker.internal', '127.1', '[::ffff:127.0.0.1]'])(
    'treats %s as another machine',
    (host) => {
      expect(plan(`postgres://u:pw@${host}:5432/db`)).toMatchObject({ mode: 'require', loopback: false });
    },
  );

  it('takes the host from a host parameter over the URL', () => {
    const p = plan('postgres://u:pw@127.0.0.1:5432/db?host=db.example.test');
    expect(p).toMatchObject({ host: 'db.example.test', loopback: false, mode: 'require' });
  });
});

describe("sslmode with libpq's meaning", () => {
  it('require encrypts without checking the certificate, and says nothing since it was asked for', () => {
    const p = plan(`${REMOTE}?sslmode=require`);
    expect(p).toMatchObject({ mode: 'require', warning: null });
    expect(sslOptions(p, readFake)).toEqual({ rejectUnauthorized: false });
  });

  it('require with sslrootcert checks the chain, as libpq does (verify-ca)', () => {
    const p = plan(`${REMOTE}?sslmode=require&sslrootcert=./prod-ca-2021.crt`);
    expect(p.mode).toBe('verify-ca');
    const options = sslOptions(p, readFake);
    expect(options).toMatchObject({ ca: 'contents of ./prod-ca-2021.crt', rejectUnauthorized: true });
  });

  it('verify-ca checks the chain against sslrootcert but not the host name', () => {
    const options = sslOptions(plan(`${REMOTE}?sslmode=verify-ca&sslrootcert=/ca.crt`), readFake);
    expect(options).toMatchObject({ ca: 'contents of /ca.crt', rejectUnauthorized: true });
    if (!options) throw new Error('expected TLS options');
    expect(options.checkServerIdentity?.('other.host', {} as never)).toBeUndefined();
  });

  it("verify-full checks the chain against sslrootcert and keeps Node's host name check", () => {
    const options = sslOptions(plan(`${REMOTE}?sslmode=verify-full&sslrootcert=/ca.crt`), readFake);
    expect(options).toEqual({ ca: 'contents of /ca.crt', rejectUnauthorized: true });
  });

  it.each(['verify-ca', 'verify-full'])('%s without sslrootcert asks for the CA file', (mode) => {
    expect(errorOf(`${REMOTE}?sslmode=${mode}`)).toMatch(
      new RegExp(`Expected sslrootcert=<CA file> with sslmode=${mode}.*got none`),
    );
  });

  it("sslrootcert=system verifies fully against the platform's CAs", () => {
    const p = plan(`${REMOTE}?sslrootcert=system`);
    expect(p.mode).toBe('verify-full');
    expect(sslOptions(p, readFake)).toEqual({ rejectUnauthorized: true });
    expect(errorOf(`${REMOTE}?sslmode=require&sslrootcert=system`)).toMatch(
      /Expected sslmode=verify-full with sslrootcert=system.*got sslmode=require/,
    );
  });

  it('reads a client certificate and key when the URL names them', () => {
    const options = sslOptions(plan(`${REMOTE}?sslmode=require&sslcert=/c.crt&sslkey=/c.key`), readFake);
    expect(options).toEqual({
      cert: 'contents of /c.crt',
      key: 'contents of /c.key',
      rejectUnauthorized: false,
    });
  });

  it('says which file it could not read', () => {
    const p = plan(`${REMOTE}?sslmode=verify-full&sslrootcert=/nowhere/ca.crt`);
    expect(() => sslOptions(p)).toThrow("Could not read sslrootcert '/nowhere/ca.crt' named in DATABASE_URL");
  });

  it.each([
    [
      'sslmode=no-verify',
      /Expected sslmode disable, allow, prefer, require, verify-ca, verify-full; got sslmode=no-verify/,
    ],
    ['ssl=true', /Expected sslmode=require, verify-ca or verify-full \(libpq's parameter\); got ssl=true/],
  ])('refuses %s, which node-postgres would read its own way', (param, message) => {
    expect(errorOf(`${REMOTE}?${param}`)).toMatch(message);
  });

  it('hands node-postgres the URL without the parameters it would misread, keeping the others', () => {
    const p = plan(
      `${REMOTE}?sslmode=verify-full&sslrootcert=/ca.crt&application_name=cron&options=-c%20x%3D1`,
    );
    const url = new URL(p.connectionString);
    expect([...url.searchParams.keys()]).toEqual(['application_name', 'options']);
    expect(url.searchParams.get('options')).toBe('-c x=1');
    expect(url.password).toBe('s3cret-pw');
    expect(plan(REMOTE).connectionString).toBe(REMOTE);
  });
});

describe('this machine', () => {
  it.each([
    LOCAL,
    'postgres://postgres@localhost/postgres',
    'postgres://postgres@127.0.0.2:5433/postgres',
    'postgres://postgres@[::1]:5432/postgres',
    'postgres://postgres@/postgres?host=/var/run/postgresql',
  ])('connects in clear to %s when the URL asks for nothing', (url) => {
    const p = plan(url);
    expect(p).toMatchObject({ mode: 'disable', loopback: true, warning: null });
  });

  it('keeps an empty host with a socket folder as node-postgres expects it', () => {
    const p = plan('postgres://postgres@/postgres?host=/var/run/postgresql&sslmode=disable');
    expect(p.connectionString).toBe('postgres://postgres@/postgres?host=%2Fvar%2Frun%2Fpostgresql');
  });

  it('still honours an explicit sslmode (tests, a local server with TLS)', () => {
    expect(plan(`${LOCAL}?sslmode=require`).mode).toBe('require');
    expect(plan(`${LOCAL}?sslmode=verify-full&sslrootcert=/ca.crt`).mode).toBe('verify-full');
    expect(plan(`${LOCAL}?sslrootcert=/ca.crt`).mode).toBe('verify-ca');
  });

  it('asks for a host when the URL names none', () => {
    expect(errorOf('postgres:///postgres')).toMatch(/Expected a host/);
  });
});

describe('the postgres transport', () => {
  it('warns when it opens a pool whose certificate goes unchecked without the URL asking for that', async () => {
    const warnings: string[] = [];
    // A pool connects on its first query: nothing goes over the network here.
    const pool = openPostgresPool(REMOTE, { warn: (m) => warnings.push(m) });
    await pool.close();
    expect(warnings).toEqual([expect.stringMatching(/^DATABASE_URL has no sslmode/)]);
  });

  it('fails as a setting to fix, before connecting, on a CA file it cannot read or a URL it refuses', async () => {
    const missing = openPostgresSession(`${REMOTE}?sslmode=verify-full&sslrootcert=/nowhere/ca.crt`);
    await expect(missing).rejects.toThrow(ConfigError);
    await expect(missing).rejects.toThrow(
      "Could not read sslrootcert '/nowhere/ca.crt' named in DATABASE_URL",
    );
    expect(() => openPostgresPool(`${REMOTE}?sslmode=disable`)).toThrow(
      /^Invalid DATABASE_URL: Expected TLS to aws-0-eu-west-1\.pooler\.supabase\.com/,
    );
    await openPostgresPool(`${REMOTE}?sslmode=disable`, { allowInsecure: true }).close();
  });
});
