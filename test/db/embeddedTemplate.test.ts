import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedded, pgliteVersion, TEMPLATES_DIR } from '../../src/db/embedded.ts';

/**
 * A new embedded database is restored from templates/pglite-<version>.tar.gz instead of made by
 * initdb, which ran a second PostgreSQL beside the first and took `npm run demo` to 1.1 GB. The
 * template must be the one of the PGlite version the lock file installs: after an upgrade, this
 * fails until `npm run build:pglite-template` has made the new one.
 */

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { version: string }>;
};
const locked = lock.packages['node_modules/@electric-sql/pglite']!.version;

let empty: string;

beforeAll(async () => {
  empty = await mkdtemp(path.join(tmpdir(), 'strukt-templates-'));
});

afterAll(async () => {
  if (empty) await rm(empty, { recursive: true, force: true });
});

describe('the embedded database template', () => {
  it('is committed for the locked PGlite version, and for no other', () => {
    expect(pgliteVersion()).toBe(locked);
    expect(readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.tar.gz'))).toEqual([
      `pglite-${locked}.tar.gz`,
    ]);
  });

  it('makes a working PostgreSQL 18 without a word of warning', async () => {
    const warnings: string[] = [];
    const sql = await openEmbedded(null, { onNoTemplate: (m) => warnings.push(m) });
    try {
      const [row] = await sql.query<{ version: string; tz: string }>(
        `select current_setting('server_version') as version, current_setting('timezone') as tz`,
      );
      expect(row).toEqual({ version: expect.stringMatching(/^18\./), tz: 'UTC' });
      await sql.exec('create table t (n int); insert into t values (1)');
      expect(await sql.query('select n from t')).toEqual([{ n: 1 }]);
    } finally {
      await sql.close();
    }
    expect(warnings).toEqual([]);
  }, 60_000);

  it('without a template, falls back to initdb and says how to make one', async () => {
    const warnings: string[] = [];
    const sql = await openEmbedded(null, { onNoTemplate: (m) => warnings.push(m), templatesDir: empty });
    try {
      expect(await sql.query('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await sql.close();
    }
    expect(warnings).toEqual([
      expect.stringMatching(
        /^No embedded database template .*pglite-.*\.tar\.gz: creating the database with initdb/,
      ),
    ]);
    expect(warnings[0]).toContain('npm run build:pglite-template');
  }, 120_000);
});
