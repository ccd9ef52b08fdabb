import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The Deno binary of the edge-function tests. Deno is no dependency — it would add ~90 MB to every
 * `npm install` for one test file — so scripts/cached-tool.sh installs the version package.json
 * pins ("config".deno) into a cache folder the first time, from the npm registry like the rest.
 * STRUKT_DENO names another binary.
 */
export type DenoBinary = { path: string; error?: undefined } | { path?: undefined; error: string };

const ROOT = resolve(import.meta.dirname, '../..');

export async function findDeno(): Promise<DenoBinary> {
  const given = process.env.STRUKT_DENO;
  if (given) return { path: given };
  try {
    const { stdout } = await promisify(execFile)('bash', [join(ROOT, 'scripts/cached-tool.sh'), 'deno'], {
      cwd: ROOT,
      timeout: 110_000,
    });
    return { path: join(stdout.trim(), 'deno') };
  } catch (error) {
    const e = error as Error & { stderr?: string };
    return { error: `scripts/cached-tool.sh deno failed: ${e.stderr?.trim() || e.message}` };
  }
}
