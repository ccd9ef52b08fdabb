import { chmod, lstat, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/lib/errors.ts';
import { openEmbedded } from '../../src/db/embedded.ts';

/**
 * The embedded database's folder holds every profile, message and mood of the demo or a laptop
 * install: nobody but its owner may read, write or enter it (issue 19, docs/security.md).
 */

let root: string;
/** Made by the first test and reused by the second: creating a PGlite database takes seconds. */
let dataDir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'strukt-embedded-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every path under `dir` (itself included) whose mode grants group or other anything. */
async function sharedPaths(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (p: string) => {
    const s = await lstat(p);
    if (s.isSymbolicLink()) return;
    if (s.mode & 0o077) found.push(`${path.relative(dir, p) || '.'} ${(s.mode & 0o777).toString(8)}`);
    if (s.isDirectory()) for (const e of await readdir(p)) await walk(path.join(p, e));
  };
  await walk(dir);
  return found;
}

const modeOf = async (p: string) => (await stat(p)).mode & 0o777;

describe.skipIf(process.platform === 'win32')('embedded data folder', () => {
  it('is created 0700, with its parents, and no file in it is open to others after use', async () => {
    dataDir = path.join(root, 'fresh', '.strukt', 'data');
    const sql = await openEmbedded(dataDir, { warn: () => {} });
    try {
      expect(await modeOf(dataDir)).toBe(0o700);
      expect(await modeOf(path.dirname(dataDir))).toBe(0o700);
      expect(await sharedPaths(dataDir)).toEqual([]);
      await sql.exec('create table notes (body text); insert into notes values ($$private$$)');
    } finally {
      await sql.close();
    }
    // Files written during the session (the new table) are private too once it closes.
    expect(await sharedPaths(dataDir)).toEqual([]);
  }, 30_000);

  it('tightens an existing database folder that others could read, and says so', async () => {
    await chmod(dataDir, 0o755);
    await chmod(path.join(dataDir, 'PG_VERSION'), 0o666);

    const warnings: string[] = [];
    const sql = await openEmbedded(dataDir, { warn: (m) => warnings.push(m) });
    try {
      expect(await modeOf(dataDir)).toBe(0o700);
      expect(await sharedPaths(dataDir)).toEqual([]);
      expect(warnings).toEqual([
        `The embedded database folder '${dataDir}' was open to other users (mode 0755); it is now 0700.`,
      ]);
      expect(await sql.query('select body from notes')).toEqual([{ body: 'private' }]);
    } finally {
      await sql.close();
    }
  }, 30_000);

  it('refuses an open folder holding other things, and leaves it as it was', async () => {
    const home = path.join(root, 'home');
    await mkdir(home);
    await chmod(home, 0o755);
    await writeFile(path.join(home, 'notes.txt'), 'not a database');

    const opening = openEmbedded(home, { warn: () => {} });
    await expect(opening).rejects.toThrow(ConfigError);
    await expect(opening).rejects.toThrow(
      `STRUKT_DATA_DIR '${home}' is open to other users (mode 0755) and holds files that are not an embedded database.`,
    );
    expect(await modeOf(home)).toBe(0o755);
    expect(await readdir(home)).toEqual(['notes.txt']);
  });
});
