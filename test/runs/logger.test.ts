import { describe, expect, it } from 'vitest';
import { createLogger, formatJsonLine, formatTextLine, type LogEntry } from '../../src/lib/logger.ts';

/** 23:41:02 on the machine's clock, whatever its time zone: the text format prints local time. */
const LOCAL_TIME = new Date(2025, 10, 9, 23, 41, 2);

function entry(fields: Record<string, unknown>, more: Partial<LogEntry> = {}): LogEntry {
  return { time: LOCAL_TIME, level: 'info', message: 'run started', fields, ...more };
}

describe('the text log format', () => {
  it('prints the time of day, the level, the message, then key=value pairs', () => {
    const line = formatTextLine(
      entry({
        job: 'weekly-digest',
        shard: '0/1',
        run: '1a2b3c4d',
        dry_run: false,
        as_of: '2025-11-09T20:00:00.000Z',
      }),
    );
    expect(line).toBe(
      '23:41:02 info  run started  job=weekly-digest shard=0/1 run=1a2b3c4d dry_run=false as_of=2025-11-09T20:00:00.000Z',
    );
  });

  it('pads the level so that messages line up', () => {
    expect(formatTextLine(entry({}, { level: 'warn', message: 'lease lost' }))).toBe(
      '23:41:02 warn  lease lost',
    );
    expect(formatTextLine(entry({}, { level: 'error', message: 'run failed' }))).toBe(
      '23:41:02 error run failed',
    );
  });

  it('flattens nested figures and leaves empty ones out', () => {
    const line = formatTextLine(
      entry({ counts: { considered: 3, succeeded: 2, failed: 1, skipped: {}, remaining: 0 }, attempts: 1 }),
    );
    expect(line).toContain(
      'counts.considered=3 counts.succeeded=2 counts.failed=1 counts.remaining=0 attempts=1',
    );
    expect(line).not.toContain('skipped');
  });

  it('quotes a value with spaces, quotes or an equals sign, and keeps one entry on one line', () => {
    const line = formatTextLine(
      entry({
        error: 'save digests failed: 57P01 "terminating"\nconnection',
        lease: 'a=b',
        user: 'u_0123456789',
      }),
    );
    expect(line).toContain('error="save digests failed: 57P01 \\"terminating\\"\\nconnection"');
    expect(line).toContain('lease="a=b"');
    expect(line).toContain('user=u_0123456789');
    expect(line.split('\n')).toHaveLength(1);
  });

  it('prints null, numbers and lists as they are', () => {
    expect(formatTextLine(entry({ model: null, remaining: 12, reasons: ['quota', 'budget'] }))).toContain(
      'model=null remaining=12 reasons=["quota","budget"]',
    );
  });
});

describe('the JSON log format', () => {
  it('is one object per line: time, level, message, then the fields', () => {
    const time = new Date('2025-11-09T20:07:00.000Z');
    const line = formatJsonLine({
      time,
      level: 'warn',
      message: 'lease lost',
      fields: { job: 'user-status' },
    });
    expect(JSON.parse(line)).toEqual({
      time: '2025-11-09T20:07:00.000Z',
      level: 'warn',
      message: 'lease lost',
      job: 'user-status',
    });
  });
});

describe('createLogger', () => {
  it('writes JSON unless told to write text', () => {
    const lines: string[] = [];
    createLogger((l) => lines.push(l), { now: () => LOCAL_TIME }).info('hello', { n: 1 });
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', message: 'hello', n: 1 });
  });

  it("puts a child's scope before the call's own fields, in the format chosen once", () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l), { format: 'text', now: () => LOCAL_TIME });
    log
      .child({ job: 'plan-refresh' })
      .child({ run: 'abcd1234' })
      .warn('time budget reached', { remaining: 4 });
    expect(lines).toEqual(['23:41:02 warn  time budget reached  job=plan-refresh run=abcd1234 remaining=4']);
  });
});
