import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeFailure } from '../../src/db/failures.ts';
import { readRunJobInputs } from '../../src/actions/runJobInputs.ts';
import { main } from '../../src/cli.ts';
import { ConfigError } from '../../src/lib/errors.ts';
import { MAX_BODY_BYTES } from '../../src/functions/contract.ts';
import { cliEnv, runCli } from '../support/cliProcess.ts';
import { showsInternals, stubbedHandler } from '../support/edgeStub.ts';
import { CRON_SECRET, SERVICE_KEY, testConfig } from '../functions/helpers.ts';

/**
 * Malformed input at every door (issue 9): CLI options, the run-job action's inputs and the edge
 * functions' HTTP requests, generated from tables of bad values rather than written out one by
 * one. Each must be refused — exit 2 (CLI), a ConfigError on the action's failure path, or a
 * 4xx (HTTP) — with a message that names the option, input or field, and nothing a user sees may
 * carry a stack trace or a source path. Nothing refused may reach a run: the HTTP handler's run
 * is stubbed and counted, and the CLI cases run without a database (a case that slipped through
 * would fail on it with exit 1).
 *
 * CLI cases run in-process through `main()` (as `strukt-cron` would, output captured); a handful
 * also run as real processes, and a handful of action cases through the committed bundle.
 */

const JOBS = ['weekly-digest', 'user-status', 'plan-refresh'];
const UUID = '00000000-0000-4000-8000-000000000001';

/** Bad values of the run options, shared by the CLI and the action. */
const BAD_RUN_VALUES: Record<string, string[]> = {
  '--as-of': [
    'yesterday',
    'next sunday',
    '2025-13-01',
    '2025-02-30T00:00:00Z',
    '2025-02-29',
    '2025-11-09T23:60:00Z',
    '2025-11-09T21:00:00+25:00',
    '11/09/2025',
    '1699999999',
    '2025-11-09T21:00:00.1234567Z',
    '0000-00-00',
    '2025-11-9',
  ],
  '--shard': ['5/4', '4/4', '0/0', '-1/4', '1/-4', '0/257', '1.5/4', '0/4x', 'a/b', '0\\4', '0/4/8', '1e0/4'],
  '--concurrency': ['0', 'abc', '999', '65', '-1', '1.5', 'Infinity', 'NaN', '1_0', 'ten'],
  '--users': [
    'x',
    'not-a-uuid',
    ',',
    ' , ',
    '00000000-0000-0000-0000-00000000000g',
    `{${UUID}}`,
    UUID.replace(/-/g, ''),
    `${UUID},bob`,
    `${UUID};${UUID}`,
  ],
  '--time-budget': [
    'nonsense',
    '0',
    '0s',
    '-5m',
    '7h',
    '5min',
    '1d',
    '90S',
    'Infinity',
    '5m30s',
    '1e3',
    '0.5ms',
  ],
};

interface CliCase {
  args: string[];
  /** The option or argument the message must name. */
  names: RegExp;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function cliCases(): CliCase[] {
  const cases: CliCase[] = [];
  let i = 0;
  for (const [option, values] of Object.entries(BAD_RUN_VALUES)) {
    for (const value of values) {
      const job = JOBS[i % JOBS.length]!;
      // Both spellings commander takes; a value starting with '-' only as --opt=value.
      const pair = value.startsWith('-') || i % 2 === 1 ? [`${option}=${value}`] : [option, value];
      cases.push({ args: ['run', job, ...pair, '--ai', 'offline'], names: new RegExp(escape(option)) });
      i += 1;
    }
  }
  for (const value of ['gpt', 'OFFLINE', 'none', '']) {
    cases.push({ args: ['run', 'weekly-digest', `--ai=${value}`], names: /--ai/ });
  }
  for (const job of [
    'nope',
    'weekly_digest',
    'WEEKLY-DIGEST',
    'digest',
    '',
    'generateWeeklyDigests',
    '../x',
  ]) {
    cases.push({ args: ['run', job, '--ai', 'offline'], names: /job/ });
  }
  cases.push({ args: ['run'], names: /argument 'job'/ });
  for (const option of [
    '--bogus',
    '--dryrun',
    '--as_of',
    '--shards',
    '--concurency',
    '--time_budget',
    '-x',
  ]) {
    cases.push({ args: ['run', 'user-status', option, '1'], names: new RegExp(escape(option)) });
  }
  for (const option of ['--as-of', '--shard', '--users', '--concurrency', '--time-budget', '--ai']) {
    cases.push({
      args: ['run', 'plan-refresh', option],
      names: new RegExp(`${escape(option)}.*argument missing`),
    });
  }
  const others: Array<[string[], string, string[]]> = [
    [['seed'], '--users', ['abc', '0', '-5', '1.5', '1000001']],
    [['seed'], '--seed', ['-1', 'x', '4294967296']],
    [['seed'], '--as-of', ['yesterday', '2025-13-01']],
    [['prune'], '--keep', ['forever', '0d', '-1d']],
    [['report'], '--days', ['x', '0', '3651', '1.5']],
    [['db', 'rollback'], '--steps', ['x', '0', '-1']],
    [['serve'], '--port', ['abc', '70000', '-1']],
    [['serve'], '--time-budget', ['never', '0']],
    [['serve'], '--ai', ['gpt']],
    [['invoke', 'weekly-digest'], '--url', ['notaurl', 'ftp://x.example']],
    [['health'], '--window-days', ['x', '0']],
    [['health'], '--grace-minutes', ['-1', 'x']],
    [['health'], '--min-success-rate', ['2', 'abc']],
    [['health'], '--max-call-retry-rate', ['nonsense', '1.5']],
    [['health'], '--max-retry-rate', ['abc', '1.5']],
    [['cron-sql'], '--functions-url', ['notaurl']],
  ];
  for (const [command, option, values] of others) {
    for (const value of values)
      cases.push({ args: [...command, `${option}=${value}`], names: new RegExp(escape(option)) });
  }
  for (const command of [
    ['db', 'frobnicate'],
    ['frobnicate'],
    ['verify', '--bogus'],
    ['report', '--format', 'xml'],
  ]) {
    cases.push({
      args: command,
      names: new RegExp(escape(command.at(-1) === 'xml' ? '--format' : command.at(-1)!)),
    });
  }
  return cases;
}

/** `strukt-cron <args>` in this process: exit code and everything it printed. */
async function cliInProcess(args: string[]): Promise<{ code: number; output: string }> {
  const out: string[] = [];
  const capture = (chunk: unknown) => {
    out.push(String(chunk));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write),
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' '))),
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' '))),
    vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Error(`process.exit(${code}) was called`);
    }) as typeof process.exit),
  ];
  try {
    const code = await main(['node', 'strukt-cron', ...args]);
    return { code, output: out.join('\n') };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

interface ActionCase {
  label: string;
  inputs: Record<string, string>;
  names: RegExp;
}

const DB = 'postgres://cron@db.example.test:5432/app';

function actionCases(): ActionCase[] {
  const cases: ActionCase[] = [];
  const base = { job: 'user-status', 'database-url': DB };
  const choices: Record<string, string[]> = {
    job: ['', 'nope', 'WEEKLY-DIGEST', 'weekly digest', 'generate-plans'],
    mode: ['local', 'RUN', 'both', 'invoke-it'],
    'fail-on': ['never', 'partial_success', 'ERROR', 'warn'],
    ai: ['gpt', 'none', 'Offline'],
    'dry-run': ['yes', '1', 'maybe', 'on'],
  };
  for (const [input, values] of Object.entries(choices)) {
    for (const value of values) {
      cases.push({
        label: `${input}=${JSON.stringify(value)}`,
        inputs: { ...base, [input]: value },
        names: new RegExp(`[Ii]nput '${input}'`),
      });
    }
  }
  for (const [option, values] of Object.entries(BAD_RUN_VALUES)) {
    const input = option.slice(2);
    // Whitespace-only values are what GitHub passes for an unset input: not malformed there.
    for (const value of values.filter((v) => v.trim() !== '' && v.trim() !== ',').slice(0, 6)) {
      cases.push({
        label: `${input}=${JSON.stringify(value)}`,
        inputs: { ...base, [input]: value },
        names: new RegExp(`input '${input}'`),
      });
    }
  }
  cases.push({ label: 'users=","', inputs: { ...base, users: ',' }, names: /input 'users'/ });
  for (const url of ['mysql://x@y/z', 'not a url', 'http://db.example.test']) {
    cases.push({
      label: `database-url ${url}`,
      inputs: { ...base, 'database-url': url },
      names: /input 'database-url'/,
    });
  }
  cases.push({
    label: 'supabase-url not a URL',
    inputs: { job: 'user-status', 'supabase-url': 'not a url', 'supabase-service-role-key': 'k' },
    names: /input 'supabase-url'/,
  });
  cases.push({
    label: 'supabase-url without its key',
    inputs: { job: 'user-status', 'supabase-url': 'https://x.supabase.co' },
    names: /input 'supabase-service-role-key' is not set/,
  });
  for (const model of ['gpt 4o', 'a/b']) {
    cases.push({
      label: `openai-model ${model}`,
      inputs: { ...base, 'openai-model': model },
      names: /input 'openai-model'/,
    });
  }
  cases.push({ label: 'no database', inputs: { job: 'user-status' }, names: /'database-url'/ });
  const invoke = {
    job: 'user-status',
    mode: 'invoke',
    'supabase-url': 'https://x.supabase.co',
    'supabase-service-role-key': 'service-key-0123456789',
  };
  cases.push({ label: 'invoke with a shard', inputs: { ...invoke, shard: '0/2' }, names: /input 'shard'/ });
  cases.push({
    label: 'invoke with a bad functions-url',
    inputs: { ...invoke, 'functions-url': 'ftp://x.example' },
    names: /'functions-url'/,
  });
  cases.push({
    label: 'invoke without a key',
    inputs: { job: 'user-status', mode: 'invoke', 'functions-url': 'https://x.supabase.co/functions/v1' },
    names: /'supabase-service-role-key'/,
  });
  cases.push({
    label: 'invoke without an address',
    inputs: { job: 'user-status', mode: 'invoke', 'database-url': DB },
    names: /'functions-url'/,
  });
  return cases;
}

interface HttpCase {
  label: string;
  request: () => Request;
  status: number;
  names: RegExp;
}

const FUNCTIONS = ['generateWeeklyDigest', 'checkUserStatus', 'generatePlans'];

function post(
  fn: string,
  body: BodyInit | null,
  headers: Record<string, string> = {},
  method = 'POST',
): Request {
  return new Request(`http://edge.test/functions/v1/${fn}`, {
    method,
    headers: { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/json', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
}

function httpCases(): HttpCase[] {
  const cases: HttpCase[] = [];
  let i = 0;
  const fn = () => FUNCTIONS[i++ % FUNCTIONS.length]!;
  const body = (label: string, text: string, names: RegExp, status = 400) =>
    cases.push({ label, request: () => post(fn(), text), status, names });

  const badJson = [
    '{',
    '}',
    '{"dryRun": tru}',
    "{'dryRun': true}",
    '[',
    'nul',
    '{"dryRun":true,}',
    'dryRun=true',
    '{"dryRun":true}garbage',
    '{"asOf": "2025-11-09T21:00:00Z"',
    '{"users": [,]}',
    '{dryRun: true}',
    '\u0000',
    '{"a":"\\x"}',
    '/* */ {}',
    '{"dryRun": True}',
    'NaN',
    '{"timeBudgetMs": 1e}',
  ];
  for (const text of badJson) body(`bad JSON ${JSON.stringify(text)}`, text, /Invalid JSON body/);
  for (const text of ['null', '[]', '[{"dryRun":true}]', '1', '"text"', 'true', '0']) {
    body(`a JSON ${text} instead of an object`, text, /expected a JSON object/);
  }
  const wrongTypes: Record<string, string[]> = {
    dryRun: ['"true"', '1', 'null', '[]', '{}', '"yes"'],
    asOf: ['1', 'true', '[]', '{}', 'null', JSON.stringify('2025-11-09T21:00:00Z'.repeat(4))],
    users: ['"a,b"', '[]', '[1]', '[null]', '{}', 'true', '[["x"]]', JSON.stringify(['x'.repeat(65)])],
    timeBudgetMs: ['"90s"', '0', '-1', '1.5', '1e12', 'null', 'true', '[]'],
  };
  for (const [field, values] of Object.entries(wrongTypes)) {
    for (const value of values)
      body(`${field}: ${value}`, `{"${field}": ${value}}`, new RegExp(`field '${field}`));
  }
  const badValues: Record<string, string[]> = {
    asOf: ['yesterday', '2025-02-30T00:00:00Z', '2025-11-09T25:00:00Z', '11/09/2025', '2025-13-01'],
    users: [['x'], [''], ['  '], ['00000000-0000-0000-0000-00000000000g'], [UUID, 'bob']].map((u) =>
      JSON.stringify(u),
    ),
  };
  for (const value of badValues.asOf!) body(`asOf ${value}`, JSON.stringify({ asOf: value }), /Invalid asOf/);
  for (const value of badValues.users!) body(`users ${value}`, `{"users": ${value}}`, /Invalid users/);
  for (const text of [
    '{"dryrun":true}',
    '{"dry_run":true}',
    '{"asof":"2025-11-09"}',
    '{"shard":"0/2"}',
    '{"concurrency":4}',
    '{"__proto__":{"dryRun":true}}',
    '{"constructor":1}',
    '{"":1}',
  ]) {
    body(`unknown field in ${text}`, text, /unknown field/);
  }
  const tooLarge = /too large/;
  body('64 KiB + 1 byte of JSON', `{}${' '.repeat(MAX_BODY_BYTES - 1)}`, tooLarge, 413);
  body('1 MiB of JSON', `{"users": ${JSON.stringify(Array(30_000).fill(UUID))}}`, tooLarge, 413);
  cases.push({
    label: 'a Content-Length claiming 10 GB',
    request: () => post(fn(), '{}', { 'content-length': String(10 * 1024 ** 3) }),
    status: 413,
    names: tooLarge,
  });
  cases.push({
    label: '100 KiB streamed without a Content-Length',
    request: () =>
      post(
        fn(),
        new ReadableStream({
          start(controller) {
            for (let k = 0; k < 100; k++) controller.enqueue(new Uint8Array(1024).fill(0x20));
            controller.close();
          },
        }),
      ),
    status: 413,
    names: tooLarge,
  });
  for (const bytes of [
    [0x7b, 0xff, 0x7d],
    [0xc3, 0x28],
    [0x7b, 0x22, 0xe2, 0x82, 0x22, 0x7d],
  ]) {
    cases.push({
      label: `invalid UTF-8 ${bytes.map((b) => b.toString(16)).join(' ')}`,
      request: () => post(fn(), new Uint8Array(bytes)),
      status: 400,
      names: /UTF-8/,
    });
  }
  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) {
    const hasBody = method !== 'GET' && method !== 'HEAD';
    cases.push({
      label: `method ${method}`,
      request: () => post(fn(), hasBody ? '{}' : null, {}, method),
      status: 405,
      names: new RegExp(`Method ${method} not allowed`),
    });
  }
  for (const pathname of [
    '/functions/v1/nope',
    '/functions/v2/checkUserStatus',
    '/functions/v1/checkUserStatus/extra',
    '/',
    '/functions/v1/',
    '/api/checkUserStatus',
    '/functions/v1/CHECKUSERSTATUS',
  ]) {
    cases.push({
      label: `path ${pathname}`,
      request: () =>
        new Request(`http://edge.test${pathname}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${SERVICE_KEY}` },
          body: '{}',
        }),
      status: 404,
      names: /No such function/,
    });
  }
  const foreign: Array<[string, string]> = [
    ['text/plain', '{'],
    ['application/x-www-form-urlencoded', 'dryRun=true&asOf=x'],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="dryRun"\r\n\r\ntrue\r\n--x--',
    ],
    ['application/xml', '<dryRun>true</dryRun>'],
    ['application/json; charset=utf-16', '\u00fe\u00ff'],
  ];
  for (const [type, text] of foreign) {
    cases.push({
      label: `${type} body`,
      request: () => post(fn(), text, { 'content-type': type }),
      status: 400,
      names: /Invalid JSON body/,
    });
  }
  return cases;
}

const counts = { cli: 0, cliProcess: 0, action: 0, actionBundle: 0, http: 0 };
let dataDir: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  // No database anywhere: a malformed case must be refused before one is opened.
  dataDir = await mkdtemp(path.join(tmpdir(), 'strukt-malformed-'));
  for (const key of Object.keys(process.env)) {
    if (/^(DATABASE_URL|SUPABASE_|OPENAI_|STRUKT_|GITHUB_)/.test(key)) delete process.env[key];
  }
  process.env.STRUKT_DATA_DIR = dataDir;
});

afterAll(async () => {
  process.env = savedEnv;
  await rm(dataDir, { recursive: true, force: true });
  const total = counts.cli + counts.cliProcess + counts.action + counts.actionBundle + counts.http;
  console.log(
    `malformed inputs: ${total} refused — CLI ${counts.cli} in-process + ${counts.cliProcess} as processes (exit 2), ` +
      `action ${counts.action} + ${counts.actionBundle} through the bundle, HTTP ${counts.http} (4xx); ` +
      `0 reached a run, 0 showed a stack trace or source path`,
  );
});

describe('malformed CLI options', () => {
  const cases = cliCases();

  it(`generates a broad table (${cases.length} cases)`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });

  it.each(cases.map((c) => [c.args.join(' '), c] as const))(
    'strukt-cron %s: exit 2, names it',
    async (_label, c) => {
      const { code, output } = await cliInProcess(c.args);
      expect(code, output).toBe(2);
      expect(output).toMatch(c.names);
      expect(showsInternals(output), output).toBe(false);
      counts.cli += 1;
    },
  );

  it('a handful as real processes: exit 2, the option named on stderr, no stack', async () => {
    const picked = [
      ['run', 'weekly-digest', '--shard', '5/4'],
      ['run', 'nope', '--ai', 'offline'],
      ['run', 'weekly-digest', '--bogus'],
      ['run', 'user-status', '--concurrency', 'abc'],
      ['run', 'plan-refresh', '--as-of', '2025-02-30', '--ai', 'offline'],
      ['run', 'weekly-digest', '--users', ',', '--ai', 'offline'],
    ];
    // Each is refused before anything is opened (about 2 s each here, mostly tsx starting); the
    // deadline turns a hang into a failure naming the command and what it printed.
    const exits = await Promise.all(
      picked.map((args) => runCli(args, cliEnv({ STRUKT_DATA_DIR: dataDir }), { deadlineMs: 45_000 })),
    );
    exits.forEach((exit, k) => {
      const shown = `${picked[k]!.join(' ')}${exit.killedAtDeadline ? ' (killed at the deadline)' : ''}`;
      expect(exit.code, `${shown}: ${exit.stderr}`).toBe(2);
      expect(exit.stderr).toMatch(/--shard|Unknown job|--bogus|--concurrency|--as-of|--users/);
      expect(showsInternals(exit.stdout + exit.stderr)).toBe(false);
    });
    counts.cliProcess += exits.length;
  }, 60_000);
});

describe('malformed run-job action inputs', () => {
  const cases = actionCases();
  const read = (inputs: Record<string, string>) => {
    const masked: string[] = [];
    const core = {
      getInput: (name: string) => inputs[name] ?? '',
      setSecret: (s: string) => void masked.push(s),
    };
    return () => readRunJobInputs(core, {}, () => new Date('2025-11-09T21:07:00Z'));
  };

  it(`generates a broad table (${cases.length} cases)`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  it.each(cases.map((c) => [c.label, c] as const))(
    '%s: refused on the failure path, naming it',
    (_label, c) => {
      let thrown: unknown;
      try {
        read(c.inputs)();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      // What the entry point hands to core.setFailed.
      const shown = describeFailure(thrown);
      expect(shown).toMatch(c.names);
      expect(showsInternals(shown), shown).toBe(false);
      counts.action += 1;
    },
  );

  it('a handful through the committed bundle: exit 1 and an ::error:: naming the input', async () => {
    const bundle = path.resolve('actions/run-job/dist/index.js');
    const work = await mkdtemp(path.join(tmpdir(), 'strukt-action-'));
    try {
      const picked = [
        { job: 'user-status', 'database-url': DB, shard: '5/4' },
        { job: 'user-status', 'database-url': DB, users: ',' },
        { job: 'weekly-digest', 'database-url': DB, 'as-of': '2025-02-30' },
        { job: 'plan-refresh', 'database-url': DB, concurrency: '0' },
        { job: 'nope', 'database-url': DB },
      ];
      const runs = await Promise.all(
        picked.map(async (inputs, k) => {
          const output = path.join(work, `output-${k}`);
          await writeFile(output, '');
          const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: output };
          for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
          return new Promise<{ code: number; stdout: string }>((resolve) => {
            execFile(process.execPath, [bundle], { cwd: work, env, timeout: 30_000 }, (error, stdout) => {
              resolve({ code: error ? Number(error.code ?? -1) : 0, stdout });
            });
          });
        }),
      );
      const named = [/input 'shard'/, /input 'users'/, /input 'as-of'/, /input 'concurrency'/, /input 'job'/];
      runs.forEach((r, k) => {
        expect(r.code, r.stdout).toBe(1);
        expect(r.stdout).toMatch(new RegExp(`^::error::.*${named[k]!.source}`, 'm'));
        expect(showsInternals(r.stdout)).toBe(false);
      });
      counts.actionBundle += runs.length;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('malformed edge-function requests', () => {
  const cases = httpCases();
  const edge = stubbedHandler(testConfig({ cronSecret: CRON_SECRET }));

  it(`generates a broad table (${cases.length} cases)`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases.map((c) => [c.label, c] as const))('%s: 4xx naming it, no run', async (_label, c) => {
    const before = edge.executed.length;
    const response = await edge.handler(c.request());
    const text = await response.text();
    expect(response.status, text).toBe(c.status);
    // In-process the handler's Response keeps its body even for HEAD (a server would drop it).
    const parsed = JSON.parse(text) as { success?: boolean; error?: string };
    expect(parsed.success).toBe(false);
    expect(parsed.error).toMatch(c.names);
    expect(showsInternals(text), text).toBe(false);
    expect(edge.executed.length).toBe(before);
    counts.http += 1;
  });

  it('well-formed requests still run (so the checks above can fail)', async () => {
    const before = edge.executed.length;
    const ok = [
      post('checkUserStatus', '{"dryRun":true,"asOf":"2025-11-09T21:00:00Z"}'),
      post('generateWeeklyDigest', null),
      post('generatePlans', `{"users":["${UUID}"],"timeBudgetMs":5000}`),
      // Content-Type is not part of the contract (pg_net and curl examples vary): a JSON body is read as JSON.
      post('checkUserStatus', '{"dryRun":true}', { 'content-type': 'text/plain' }),
    ];
    for (const request of ok) expect((await edge.handler(request)).status).toBe(200);
    expect(edge.executed.length - before).toBe(ok.length);
  });
});

describe('the whole table', () => {
  it('refuses at least 200 malformed inputs in all', () => {
    const total = counts.cli + counts.cliProcess + counts.action + counts.actionBundle + counts.http;
    expect(total).toBeGreaterThanOrEqual(200);
  });
});
