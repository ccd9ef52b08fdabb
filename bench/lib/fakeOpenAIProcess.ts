/**
 * The fake OpenAI server (test/support/fakeOpenAI.ts) in a process of its own, so the digest
 * benchmark measures the job's memory and event loop alone. Started with `fork`; options come as
 * JSON in argv[2]. Messages: the child sends `{ url }` once listening; the parent sends
 * `'stats'` (answered with FakeStats) and `'close'`.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  startFakeOpenAI,
  type BatchScript,
  type FakeOpenAIOptions,
  type Outcome,
} from '../../test/support/fakeOpenAI.ts';

export type FakeServerOptions = Pick<
  FakeOpenAIOptions,
  'latencyMs' | 'rpmCap' | 'rateLimitHeaders' | 'recordBodies' | 'faults'
> & {
  /** The script of its batches, in its JSON form (line picks as counts: the first n lines). */
  batchScript?: BatchScript;
};

export interface FakeStats {
  total: number;
  accepted: number;
  rpmLimited: number;
  maxRequestsInAnyMinute: number;
  /** Most accepted requests being answered at once. */
  maxInFlight: number;
  /** The longest time between two requests received, after the first and before the last. */
  maxGapMs: number;
  /** Requests received in each second from the first. */
  perSecond: number[];
  /** CPU time the fake server's process used, in ms. */
  cpuMs: number;
  /** Requests by what the server did with them. */
  outcomes: Partial<Record<Outcome, number>>;
  /** Times of the first and last request received (epoch ms). */
  firstAt: number | null;
  lastAt: number | null;
}

export interface FakeServerProcess {
  url: string;
  stats(): Promise<FakeStats>;
  /**
   * Runs every batch created so far to its end (as OpenAI would within its window); says how many,
   * and the bytes of their input files.
   */
  settleBatches(): Promise<{ settled: number; inputBytes: number }>;
  close(): Promise<void>;
}

/** Forks this module as a child running the fake server, and waits until it listens. */
export async function forkFakeOpenAI(options: FakeServerOptions): Promise<FakeServerProcess> {
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`The fake OpenAI process exited early with code ${code}.`)),
    );
  });
  return {
    url,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as FakeStats));
        child.send('stats');
      }),
    settleBatches: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as { settled: number; inputBytes: number }));
        child.send('settle');
      }),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send('close');
      }),
  };
}

async function serve(options: FakeServerOptions): Promise<void> {
  const fake = await startFakeOpenAI(options);
  process.on('message', (message) => {
    if (message === 'stats') {
      const outcomes: Partial<Record<Outcome, number>> = {};
      for (const r of fake.requests) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      const times = fake.requests.map((r) => r.at).sort((a, b) => a - b);
      let maxGapMs = 0;
      for (let i = 1; i < times.length; i++) maxGapMs = Math.max(maxGapMs, times[i]! - times[i - 1]!);
      const perSecond: number[] = [];
      for (const t of times) {
        const second = Math.floor((t - times[0]!) / 1000);
        perSecond[second] = (perSecond[second] ?? 0) + 1;
      }
      const cpu = process.cpuUsage();
      const stats: FakeStats = {
        ...fake.stats(),
        maxGapMs,
        perSecond: Array.from(perSecond, (n) => n ?? 0),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        outcomes,
        firstAt: fake.requests[0]?.at ?? null,
        lastAt: fake.requests.at(-1)?.at ?? null,
      };
      process.send?.(stats);
    } else if (message === 'settle') {
      const batches = fake.batches.list();
      for (const b of batches) fake.batches.settle(b.id);
      const inputBytes = batches.reduce(
        (sum, b) => sum + (fake.files.get(b.input_file_id)?.bytes.length ?? 0),
        0,
      );
      process.send?.({ settled: batches.length, inputBytes });
    } else if (message === 'close') {
      void fake.close().finally(() => process.exit(0));
    }
  });
  // A parent that dies without saying 'close' must not leave the server running.
  process.on('disconnect', () => void fake.close().finally(() => process.exit(0)));
  process.send?.({ url: fake.url });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await serve(JSON.parse(process.argv[2] ?? '{}') as FakeServerOptions);
}
