import { describe, expect, it } from 'vitest';
import { commandOutput, personAt, plainTarget, type StderrTarget } from '../../src/commands/output.ts';
import { fakeTerminal } from '../support/fakeTerminal.ts';

const tty = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as NodeJS.WriteStream;

describe('personAt', () => {
  it('is the terminal outside CI', () => {
    expect(personAt(tty, {})).toBe(tty);
    expect(personAt(tty, { CI: '' })).toBe(tty);
    expect(personAt(tty, { CI: 'false' })).toBe(tty);
    expect(personAt(tty, { CI: '0' })).toBe(tty);
  });

  it('is nobody in CI, even on a pseudo-terminal, and nobody on a pipe or file', () => {
    expect(personAt(tty, { CI: 'true' })).toBeNull();
    expect(personAt(tty, { CI: '1' })).toBeNull();
    expect(personAt(pipe, {})).toBeNull();
    expect(personAt(undefined, {})).toBeNull();
  });
});

function target(): StderrTarget & { lines: string[]; terminal: ReturnType<typeof fakeTerminal> } {
  const lines: string[] = [];
  return { printErr: (line) => lines.push(line), terminal: fakeTerminal(), lines };
}

describe('commandOutput', () => {
  it('logs text for a person and JSON otherwise; --log-format decides outright', () => {
    const person = target();
    commandOutput(person).log.info('run started', { job: 'user-status' });
    expect(person.lines[0]).toMatch(/^\d\d:\d\d:\d\d info {2}run started {2}job=user-status$/);

    const ci = plainTarget(() => {});
    const lines: string[] = [];
    commandOutput({ ...ci, printErr: (l) => lines.push(l) }).log.info('run started');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', message: 'run started' });

    const forced = target();
    commandOutput(forced, { logFormat: 'json' }).log.info('run started');
    expect(JSON.parse(forced.lines[0]!)).toMatchObject({ message: 'run started' });
    const lines2: string[] = [];
    commandOutput(
      plainTarget((l) => lines2.push(l)),
      { logFormat: 'text' },
    ).log.warn('lease lost');
    expect(lines2[0]).toMatch(/^\d\d:\d\d:\d\d warn {2}lease lost$/);
  });

  it('writes no log lines when told not to', () => {
    const person = target();
    commandOutput(person, { logs: false }).log.error('run failed');
    expect(person.lines).toEqual([]);
  });

  it('shows progress only on a terminal, and never when progress is off (--json, --quiet)', async () => {
    expect(await commandOutput(plainTarget(() => {})).progress('seed')).toBeNull();
    expect(await commandOutput(plainTarget(() => {})).spinner('invoke')).toBeNull();
    const person = target();
    expect(await commandOutput(person, { progress: false }).progress('seed')).toBeNull();
    expect(person.terminal.text()).toBe('');
  });

  it('writes log lines above the bar while it shows, and to stderr again once it is stopped', async () => {
    const person = target();
    const output = commandOutput(person);
    const bar = (await output.progress('user-status'))!;
    bar.update(40, 80);
    output.log.info('run started', { job: 'user-status' });
    bar.stop();
    output.log.info('run finished');
    const drawn = person.terminal.text();
    expect(drawn).toMatch(/info {2}run started {2}job=user-status\n/);
    expect(drawn).toContain('40/80 users');
    expect(person.lines).toHaveLength(1);
    expect(person.lines[0]).toMatch(/info {2}run finished$/);
  });
});
