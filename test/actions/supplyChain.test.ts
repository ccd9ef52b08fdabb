import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Supply chain (issue 19, point 11): the edge functions load exactly the package versions the
 * Node side is tested with, each pinned and locked with its integrity, and the licence the
 * package declares is the licence the repository carries.
 *
 * To regenerate supabase/functions/deno.lock after changing import_map.json (it needs the npm
 * registry; run in a copy of src/ and supabase/functions/ without package.json, so Deno resolves
 * from npm rather than from node_modules):
 *   "$(bash scripts/cached-tool.sh deno)/deno" cache --node-modules-dir=none \
 *     --import-map=supabase/functions/import_map.json --lock=supabase/functions/deno.lock \
 *     supabase/functions/*\/index.ts
 */

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const pkg = json('package.json') as { license: string };
const lock = json('package-lock.json') as {
  packages: Record<string, { version: string; integrity?: string }>;
};
const importMap = json('supabase/functions/import_map.json') as { imports: Record<string, string> };
const denoLock = json('supabase/functions/deno.lock') as {
  specifiers: Record<string, string>;
  npm: Record<string, { integrity: string }>;
};

/** `npm:pg@8.23.1` or `npm:/openai@6.49.0/` → name and version range. */
function npmSpecifier(target: string): { name: string; version: string } | null {
  const m = /^npm:\/?((?:@[^/@]+\/)?[^/@]+)@([^/]+)\/?$/.exec(target);
  return m ? { name: m[1]!, version: m[2]! } : null;
}

/** Every version of `name` in package-lock.json, hoisted or nested. */
function lockedVersions(name: string): Array<{ version: string; integrity?: string }> {
  return Object.entries(lock.packages)
    .filter(([p]) => p === `node_modules/${name}` || p.endsWith(`/node_modules/${name}`))
    .map(([, entry]) => entry);
}

const npmImports = Object.entries(importMap.imports)
  .map(([specifier, target]) => ({ specifier, target, npm: npmSpecifier(target) }))
  .filter((i) => i.target.startsWith('npm:'));

describe('supply chain', () => {
  it('LICENSE is the licence package.json declares, for strukt-cron contributors', () => {
    const license = readFileSync('LICENSE', 'utf8');
    expect(license.split('\n')[0]).toBe(`${pkg.license} License`);
    expect(license).toMatch(/^Copyright \(c\) 2026 strukt-cron contributors$/m);
  });

  it.each(npmImports)(
    'import map: $specifier pins the exact version in package-lock.json',
    ({ target, npm }) => {
      expect(npm, `${target} is not an npm:name@version specifier`).not.toBeNull();
      expect(npm!.version, `${target} is a range, not one version`).toMatch(/^\d+\.\d+\.\d+$/);
      expect(lockedVersions(npm!.name).map((e) => e.version)).toContain(npm!.version);
    },
  );

  it('deno.lock locks every npm import of the import map', () => {
    const locked = Object.keys(denoLock.specifiers);
    for (const { npm } of npmImports) expect(locked).toContain(`npm:${npm!.name}@${npm!.version}`);
  });

  it('deno.lock holds the same versions and integrity hashes as package-lock.json', () => {
    const differ: string[] = [];
    for (const [key, { integrity }] of Object.entries(denoLock.npm)) {
      // "pg-pool@3.14.0_pg@8.23.1": name, version, then the peers it was resolved with.
      const at = key.indexOf('@', 1);
      const name = key.slice(0, at);
      const version = key.slice(at + 1).split('_')[0]!;
      const match = lockedVersions(name).find((e) => e.version === version);
      if (!match) differ.push(`${name}@${version} is not in package-lock.json`);
      else if (match.integrity !== integrity) differ.push(`${name}@${version} has another integrity hash`);
    }
    expect(differ).toEqual([]);
  });
});
