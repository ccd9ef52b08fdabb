/**
 * Import arrows point one way (docs/architecture.md): entry points → commands and actions →
 * features → the run lifecycle → configuration → typed SQL → database → domain → lib. A module
 * may import from its own folder or from a folder of a lower layer, never from one above it or
 * beside it, so each room can be read, tested and changed without the ones above.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** Layer of each folder under src/ (files directly in src/ are the entry points). */
const LAYERS: Record<string, number> = {
  lib: 0,
  domain: 1,
  db: 2,
  sql: 3,
  config: 4,
  ai: 5,
  runs: 6,
  jobs: 7,
  github: 7,
  monitoring: 8,
  seed: 8,
  health: 9,
  functions: 9,
  verify: 10,
  cron: 10,
  commands: 11,
  actions: 11,
  '.': 12,
};

interface Edge {
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports of a file: static, type-only, re-exports and dynamic `import()`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((s) => path.resolve(path.dirname(file), s));
}

function folderOf(file: string): string {
  const rel = path.relative(SRC, file);
  return rel.includes(path.sep) ? rel.split(path.sep)[0]! : '.';
}

function edges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) => importsOf(file).map((target) => ({ from: file, to: target })));
}

describe('architecture: import layers', () => {
  it('knows the layer of every folder under src/', () => {
    const folders = [...new Set(sourceFiles(SRC).map(folderOf))].sort();
    expect(folders.filter((f) => LAYERS[f] === undefined)).toEqual([]);
  });

  it('finds imports to judge (the scan itself works)', () => {
    const all = edges();
    expect(all.length).toBeGreaterThan(300);
    // A known downward arrow is seen, so an empty violation list below means something.
    expect(
      all.some((e) => e.from.endsWith('jobs/userStatus.ts') && e.to.includes(`${path.sep}domain${path.sep}`)),
    ).toBe(true);
  });

  it('has no import from a layer above or beside the importing folder', () => {
    const violations = edges()
      .filter((e) => e.to.startsWith(SRC))
      .filter((e) => {
        const from = folderOf(e.from);
        const to = folderOf(e.to);
        return from !== to && LAYERS[to]! >= LAYERS[from]!;
      })
      .map((e) => `${path.relative(SRC, e.from)} → ${path.relative(SRC, e.to)}`);
    expect(violations).toEqual([]);
  });

  it('imports no code from outside src/ (the bundles hold src/ alone; package.json gives the version)', () => {
    const outside = edges()
      .filter((e) => !e.to.startsWith(SRC + path.sep) && !e.to.endsWith(`${path.sep}package.json`))
      .map((e) => `${path.relative(SRC, e.from)} → ${path.relative(SRC, e.to)}`);
    expect(outside).toEqual([]);
  });
});
