import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The committed bundles copy their dependencies, and those packages' licences ask for their notice
 * to go with every copy: esbuild's legal comments stay at the end of index.js, and each bundle has a
 * dist/licenses.txt with the licence of every package inlined into it.
 */

const run = promisify(execFile);
const NODE = process.execPath;
const actions = readdirSync('actions')
  .filter((name) => existsSync(path.join('actions', name, 'main.ts')))
  .sort();
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { version: string }>;
};

let outdir: string;

beforeAll(async () => {
  outdir = await mkdtemp(path.join(tmpdir(), 'strukt-licenses-'));
  await run(NODE, ['scripts/build-actions.mjs', '--outdir', outdir]);
});

afterAll(async () => {
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

const built = (name: string, file: string) => readFile(path.join(outdir, name, 'dist', file), 'utf8');

describe('licences in the action bundles', () => {
  it('index.js keeps the bundled packages’ legal comments at its end', async () => {
    const bundle = await built('run-job', 'index.js');
    const tail = bundle.slice(bundle.lastIndexOf('/*! Bundled license information:'));
    expect(tail.length).toBeLessThan(bundle.length);
    expect(tail).toContain('ws. MIT License');
  });

  it.each(['pg', 'zod', 'openai', '@supabase/supabase-js', '@actions/core'])(
    'run-job licenses.txt carries %s at its locked version with its licence text',
    async (name) => {
      const notices = await built('run-job', 'licenses.txt');
      const version = lock.packages[`node_modules/${name}`]!.version;
      const entry = notices.split('\n-----\n').find((e) => e.trimStart().startsWith(`${name}@${version}\n`));
      expect(entry, `${name}@${version} missing from licenses.txt`).toBeDefined();
      expect(entry).toMatch(/\n(MIT|ISC|Apache-2\.0)\n/);
      expect(entry).toMatch(/copyright|permission is hereby granted|licensed under/i);
    },
  );

  it.each(actions)('actions/%s/dist/licenses.txt is committed and fresh', async (name) => {
    const committed = path.join('actions', name, 'dist', 'licenses.txt');
    const stale = `${committed} is missing or stale: run npm run build:actions`;
    expect(existsSync(committed), stale).toBe(true);
    expect(readFileSync(committed, 'utf8') === (await built(name, 'licenses.txt')), stale).toBe(true);
  });
});
