import { describe, expect, it } from 'vitest';
import {
  duration,
  formatProgressLine,
  formatSpinnerLine,
  startProgressBar,
  startSpinner,
} from '../../src/lib/progressBar.ts';
import { fakeTerminal } from '../support/fakeTerminal.ts';

describe('formatProgressLine', () => {
  it('shows a bar, done of total, the rate and the time left', () => {
    const line = formatProgressLine({
      label: 'weekly-digest',
      unit: 'users',
      done: 5000,
      total: 14000,
      elapsedMs: 50_000,
    });
    expect(line).toMatch(/^weekly-digest \[█{9}░{15}\] 5,000\/14,000 users · 100\/s · 1m30s left$/);
  });

  it('says how many so far, and the time taken, while the total is being counted', () => {
    expect(
      formatProgressLine({ label: 'user-status', unit: 'users', done: 3000, total: null, elapsedMs: 25_000 }),
    ).toBe('user-status 3,000 users so far · 120/s · 25s');
  });

  it('shows no rate or time left before anything is done', () => {
    expect(
      formatProgressLine({ label: 'seed', unit: 'users', done: 0, total: 2000, elapsedMs: 300 }),
    ).toMatch(/^seed \[░{24}\] 0\/2,000 users · 0s$/);
  });

  it('shows the time taken once all is done, and a full bar when there was nothing to do', () => {
    expect(
      formatProgressLine({ label: 'seed', unit: 'users', done: 2000, total: 2000, elapsedMs: 4_000 }),
    ).toMatch(/2,000\/2,000 users · 500\/s · 4s$/);
    expect(
      formatProgressLine({ label: 'plan-refresh', unit: 'users', done: 0, total: 0, elapsedMs: 1 }),
    ).toContain(`[${'█'.repeat(24)}] 0/0 users`);
  });

  it('never shows more done than the total (the candidates changed while counted)', () => {
    expect(formatProgressLine({ label: 'x', unit: 'users', done: 12, total: 10, elapsedMs: 2000 })).toContain(
      '12/12 users',
    );
  });
});

describe('formatSpinnerLine', () => {
  it('shows the label and the time taken, and the try from the second on', () => {
    expect(formatSpinnerLine('checkUserStatus running in the edge function', 12_400, 1)).toMatch(
      /^. checkUserStatus running in the edge function · 12s$/,
    );
    expect(formatSpinnerLine('checkUserStatus', 4_000, 2)).toMatch(/ · 4s · try 2$/);
  });
});

describe('duration', () => {
  it('reads as seconds, minutes or hours', () => {
    expect([duration(9.4), duration(63), duration(3720)]).toEqual(['9s', '1m03s', '1h02m']);
  });
});

describe('startProgressBar', () => {
  it('draws the bar on the terminal, writes log lines above it, and clears it on stop', () => {
    const terminal = fakeTerminal();
    const bar = startProgressBar(terminal, 'seed', 'users');
    bar.update(1000, 2000);
    bar.log('23:41:02 info  run started  job=seed');
    bar.stop();
    const text = terminal.text();
    expect(text).toContain('23:41:02 info  run started  job=seed\n');
    expect(text).toContain('1,000/2,000 users');
    // The log line comes first, and the bar is drawn below it.
    expect(text.indexOf('run started')).toBeLessThan(text.indexOf('1,000/2,000 users'));
    // Cleared from the cursor down at the end: the bar does not stay in the scrollback.
    expect(text.endsWith('\x1b[0J')).toBe(true);
  });

  it('can be stopped twice, as an error path and a finally both do', () => {
    const terminal = fakeTerminal();
    const spinner = startSpinner(terminal, 'generateWeeklyDigest running in the edge function');
    spinner.attempt(2);
    spinner.stop();
    const once = terminal.text();
    spinner.stop();
    expect(terminal.text()).toBe(once);
    expect(once).toContain('generateWeeklyDigest running in the edge function · 0s · try 2');
  });
});
