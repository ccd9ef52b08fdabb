/**
 * SQL in one place (docs/architecture.md): every public cron_* function the migrations define has
 * exactly one typed wrapper in src/sql/, and nothing else in src/ calls one by name.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MIGRATIONS = path.join(ROOT, 'supabase/migrations');
const SRC = path.join(ROOT, 'src');

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full, ext);
    return entry.name.endsWith(ext) ? [full] : [];
  });
}

/** Names of the public cron_* functions some migration creates (down migrations left out). */
function definedFunctions(): Set<string> {
  const names = readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .flatMap((f) =>
      [
        ...readFileSync(path.join(MIGRATIONS, f), 'utf8').matchAll(
          /function\s+public\.(cron_[a-z_]+)\s*\(/gi,
        ),
      ].map((m) => m[1]!.toLowerCase()),
    );
  return new Set(names);
}

/** Where each cron_* name is called: a quoted name passed as a function name. */
function calledNames(file: string): string[] {
  return [
    ...readFileSync(file, 'utf8').matchAll(/\b(?:scalarOf|rowsOf)(?:<[^>]*>)?\(\s*db,\s*'(cron_[a-z_]+)'/g),
  ].map((m) => m[1]!);
}

describe('architecture: typed SQL wrappers', () => {
  const sqlFiles = files(path.join(SRC, 'sql'), '.ts');

  it('reads the migrations and the wrappers (the scan itself works)', () => {
    expect(definedFunctions().has('cron_record_run')).toBe(true);
    expect(sqlFiles.flatMap(calledNames)).toContain('cron_record_run');
  });

  it('wraps every cron_* function the migrations define, each exactly once', () => {
    const wrapped = sqlFiles.flatMap(calledNames);
    const counts = new Map<string, number>();
    for (const name of wrapped) counts.set(name, (counts.get(name) ?? 0) + 1);
    const missing = [...definedFunctions()].filter((name) => !counts.has(name)).sort();
    const twice = [...counts].filter(([, n]) => n > 1).map(([name]) => name);
    const unknown = [...counts.keys()].filter((name) => !definedFunctions().has(name));
    expect({ missing, twice, unknown }).toEqual({ missing: [], twice: [], unknown: [] });
  });

  it('calls no cron_* function by name outside src/sql/', () => {
    const callers = files(SRC, '.ts')
      .filter((file) => !file.startsWith(path.join(SRC, 'sql') + path.sep))
      .filter((file) =>
        /\.call(?:<[^>]*>)?\(\s*'cron_|\b(?:scalarOf|rowsOf)\(/.test(readFileSync(file, 'utf8')),
      )
      .map((file) => path.relative(SRC, file));
    expect(callers).toEqual([]);
  });
});
