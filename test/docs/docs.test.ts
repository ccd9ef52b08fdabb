import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram, main } from '../../src/cli.ts';
import { loadConfig } from '../../src/config/config.ts';

/**
 * The docs cannot rot: every `strukt-cron` command in a ```sh block of the README and docs/ is
 * run, in document order, against a fresh embedded database per file; commands in
 * ```sh-production blocks (they need a real Supabase project) must name a real command and
 * real options.
 */
interface DocCommand {
  file: string;
  line: string;
  args: string[];
  runnable: boolean;
}

async function documentedCommands(): Promise<Map<string, DocCommand[]>> {
  const files = [
    'README.md',
    ...(await readdir('docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
  ];
  const byFile = new Map<string, DocCommand[]>();
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const commands: DocCommand[] = [];
    for (const block of text.matchAll(/```(sh|sh-production)\n([\s\S]*?)```/g)) {
      for (const raw of block[2]!.split('\n')) {
        const line = raw.replace(/\s+#.*$/, '').trim();
        const match = /(?:^|\s)(?:npx )?strukt-cron (.+)$/.exec(line);
        if (!match) continue;
        commands.push({ file, line, args: match[1]!.split(/\s+/), runnable: block[1] === 'sh' });
      }
    }
    if (commands.length > 0) byFile.set(file, commands);
  }
  return byFile;
}

function findCommand(program: Command, args: string[]): { command: Command; rest: string[] } {
  let command = program;
  let rest = args;
  for (;;) {
    const next = command.commands.find((c) => c.name() === rest[0]);
    if (!next) return { command, rest };
    command = next;
    rest = rest.slice(1);
  }
}

const commands = await documentedCommands();
const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('documented commands', () => {
  it('finds commands to check in the README and docs/', () => {
    expect([...commands.values()].flat().length).toBeGreaterThan(15);
  });

  describe.each([...commands.entries()])('%s', (file, list) => {
    // Every command of a file runs in turn on one embedded database: the README's alone (a
    // 1,000-user seed, each job, verify) takes ~30 s on a quiet 2-core machine, over 60 s on a busy one.
    it(
      `every command of ${file} runs (or, for production-only ones, parses) and exits 0`,
      { timeout: 240_000 },
      async () => {
        const dir = await mkdtemp(join(tmpdir(), 'strukt-docs-'));
        dirs.push(dir);
        // Each file starts from a migrated embedded database with sample users, as a reader would.
        for (const key of ['DATABASE_URL', 'SUPABASE_URL', 'SUPABASE_SERVICE_ROLE_KEY', 'OPENAI_API_KEY']) {
          delete process.env[key];
        }
        process.env.STRUKT_DATA_DIR = dir;
        expect(await main(['node', 'strukt-cron', 'db', 'migrate'])).toBe(0);
        expect(
          await main(['node', 'strukt-cron', 'seed', '--users', '50', '--as-of', '2025-11-09T21:00:00Z']),
        ).toBe(0);
        const program = buildProgram(() => loadConfig({ STRUKT_DATA_DIR: dir }));
        for (const doc of list) {
          if (doc.runnable) {
            expect({ line: doc.line, exit: await main(['node', 'strukt-cron', ...doc.args]) }).toEqual({
              line: doc.line,
              exit: 0,
            });
            continue;
          }
          const { command, rest } = findCommand(program, doc.args);
          expect(command.name(), doc.line).not.toBe('strukt-cron');
          const known = new Set(command.options.map((o) => o.long));
          for (const flag of rest.filter((a) => a.startsWith('--')))
            expect(known, `${doc.line}: ${flag}`).toContain(flag);
        }
      },
    );
  });
});
