import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * GitHub runs the committed actions/<x>/dist/index.js, not the TypeScript: a bundle that lags
 * behind src/ ships unreviewed behaviour. Rebuild into a temporary folder and compare bytes.
 */

const run = promisify(execFile);
const NODE = process.execPath;
const actions = readdirSync('actions')
  .filter((name) => existsSync(path.join('actions', name, 'main.ts')))
  .sort();

let outdir: string;

beforeAll(async () => {
  outdir = await mkdtemp(path.join(tmpdir(), 'strukt-bundles-'));
  await run(NODE, ['scripts/build-actions.mjs', '--outdir', outdir]);
});

afterAll(async () => {
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

describe('action bundles', () => {
  it('exist for run-job and cron-health', () => {
    expect(actions).toEqual(expect.arrayContaining(['cron-health', 'run-job']));
  });

  it.each(actions)('actions/%s/dist/index.js is fresh', async (name) => {
    const committed = path.join('actions', name, 'dist', 'index.js');
    const stale = `actions/${name}/dist is stale: run npm run build:actions`;
    expect(existsSync(committed), stale).toBe(true);
    const fresh = await readFile(path.join(outdir, name, 'dist', 'index.js'));
    // Not toEqual on 3 MB strings: a mismatch should print the instruction, not a diff.
    expect((await readFile(committed)).equals(fresh), stale).toBe(true);
  });

  it.each(actions)('actions/%s bundle names no absolute path of the machine that built it', async (name) => {
    const fresh = await readFile(path.join(outdir, name, 'dist', 'index.js'), 'utf8');
    expect(fresh.includes(process.cwd())).toBe(false);
    expect(fresh.includes(outdir)).toBe(false);
  });

  it('builds byte-identical output twice', async () => {
    const again = await mkdtemp(path.join(tmpdir(), 'strukt-bundles-'));
    try {
      await run(NODE, ['scripts/build-actions.mjs', '--outdir', again]);
      for (const name of actions) {
        const a = await readFile(path.join(outdir, name, 'dist', 'index.js'));
        const b = await readFile(path.join(again, name, 'dist', 'index.js'));
        expect(a.equals(b), `actions/${name}: two builds differ`).toBe(true);
      }
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });
});
