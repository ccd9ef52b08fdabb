import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.ts';
import { loadConfig } from '../../src/config/config.ts';

/**
 * `npx strukt-cron` runs the committed dist/cli (bin/strukt-cron.js), not the TypeScript: output
 * that lags behind src/ would ship behaviour nobody reviewed. Rebuild into a temporary folder and
 * compare every file; then run the committed command the way an operator does.
 */

const run = promisify(execFile);
const BIN = path.resolve('bin/strukt-cron.js');
const stale = 'dist/cli is stale: run npm run build:cli';

let outdir: string;
let dataDir: string;

beforeAll(async () => {
  outdir = await mkdtemp(path.join(tmpdir(), 'strukt-cli-'));
  dataDir = await mkdtemp(path.join(tmpdir(), 'strukt-cli-data-'));
  await run(process.execPath, ['scripts/build-cli.mjs', '--outdir', outdir]);
});

afterAll(async () => {
  for (const dir of [outdir, dataDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

/** The command in a clean environment: the embedded database in a folder of the test's own. */
function strukt(args: string[]) {
  return run(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), STRUKT_DATA_DIR: dataDir },
    timeout: 120_000,
  });
}

describe('the compiled command', () => {
  it('dist/cli holds exactly the files a build makes, byte for byte', async () => {
    const fresh = (await readdir(outdir)).sort();
    expect((await readdir('dist/cli')).sort(), stale).toEqual(fresh);
    for (const file of fresh) {
      const same = (await readFile(path.join('dist/cli', file))).equals(
        await readFile(path.join(outdir, file)),
      );
      expect(same, `${stale} (dist/cli/${file} differs)`).toBe(true);
    }
  });

  it('names no absolute path of the machine that built it', async () => {
    for (const file of await readdir(outdir)) {
      expect(await readFile(path.join(outdir, file), 'utf8')).not.toContain(process.cwd());
    }
  });

  it('builds byte-identical output twice', async () => {
    const again = await mkdtemp(path.join(tmpdir(), 'strukt-cli-'));
    try {
      await run(process.execPath, ['scripts/build-cli.mjs', '--outdir', again]);
      expect((await readdir(again)).sort()).toEqual((await readdir(outdir)).sort());
      for (const file of await readdir(outdir)) {
        const a = await readFile(path.join(outdir, file));
        expect(a.equals(await readFile(path.join(again, file))), `two builds of ${file} differ`).toBe(true);
      }
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });

  it('--help lists every command the program defines', async () => {
    const { stdout } = await strukt(['--help']);
    const names = buildProgram(() => loadConfig({})).commands.map((c) => c.name());
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  // Migrations and the database template are read from the repository at run time, found from the
  // module's own location: dist/cli/*.js must find them where src/db/*.ts does.
  it('migrates a new embedded database with every migration in migrations/', async () => {
    const migrations = readdirSync('migrations').filter((f) => f.endsWith('.sql'));
    const { stdout: migrated, stderr } = await strukt(['db', 'migrate']);
    // No "no embedded database template" warning: the new database came from templates/.
    expect(stderr).toBe('');
    expect(migrated).toContain(`Applied ${migrations.length} migration(s) (embedded).`);
    const { stdout: status } = await strukt(['db', 'status']);
    const applied = status.split('\n').filter((line) => line.startsWith('applied  '));
    expect(applied.map((line) => line.split(/\s+/)[1])).toEqual(migrations.sort());
  });
});
