import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { invokeCommand } from '../../src/commands/invoke.ts';
import { plainTarget } from '../../src/commands/output.ts';
import { CRON_SECRET, testConfig } from '../functions/helpers.ts';
import { fakeTerminal } from '../support/fakeTerminal.ts';

/** A function that fails `failures` times with a 503, then answers a finished run. */
function flakyFunction(failures: number): typeof fetch {
  let calls = 0;
  return async () => {
    calls += 1;
    if (calls <= failures) return new Response('busy', { status: 503 });
    const body = { success: true, status: 'success', message: 'Checked 3 users, triggered 1 notifications' };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
}

async function invoke(args: string[], terminal: ReturnType<typeof fakeTerminal> | null, failures = 0) {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command().exitOverride();
  program.addCommand(
    invokeCommand({
      config: () => testConfig({ cronSecret: CRON_SECRET }),
      print: (line) => out.push(line),
      printErr: (line) => err.push(line),
      setExitCode: () => {},
      fetch: flakyFunction(failures),
      sleep: async () => {},
      stderr: terminal
        ? { printErr: (line) => err.push(line), terminal }
        : plainTarget((line) => err.push(line)),
    }),
  );
  await program.parseAsync([
    'node',
    'strukt-cron',
    'invoke',
    'user-status',
    '--url',
    'https://abcd.supabase.co/functions/v1',
    ...args,
  ]);
  return { out, err };
}

describe('strukt-cron invoke on a terminal', () => {
  it('shows a spinner with the time taken and the try, and takes it off before the answer is printed', async () => {
    const terminal = fakeTerminal();
    const { out } = await invoke([], terminal, 2);
    expect(terminal.text()).toMatch(/checkUserStatus running in the edge function · \d+s · try 3/);
    expect(terminal.text().endsWith('\x1b[0J')).toBe(true);
    expect(out[0]).toBe('checkUserStatus: success — Checked 3 users, triggered 1 notifications');
  });

  it('shows no spinner with --json, nor when nobody watches', async () => {
    const terminal = fakeTerminal();
    await invoke(['--json'], terminal);
    expect(terminal.text()).toBe('');
    const piped = await invoke([], null);
    expect(piped.out[0]).toContain('checkUserStatus: success');
  });
});
