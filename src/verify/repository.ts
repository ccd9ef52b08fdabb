/**
 * Repository checks (when run inside the repository): every job has its workflow, each workflow's
 * schedule keeps the registry's slot, and the committed action bundles match a fresh build —
 * GitHub runs actions/<name>/dist/index.js, not the TypeScript.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { JOBS, type JobDefinition } from '../domain/jobs.ts';
import { matchesSlot, MAX_OFFSET_MINUTES, workflowCrons } from './schedule.ts';
import { fail, listOf, pass, skip, type Check, type VerifyContext } from './types.ts';

const run = promisify(execFile);
const WORKFLOWS = path.join('.github', 'workflows');
const BUILD_SCRIPT = path.join('scripts', 'build-actions.mjs');

const workflowFiles: Check = {
  group: 'repository',
  name: 'workflow files',
  async run(ctx) {
    const dir = path.join(ctx.options.repoDir, WORKFLOWS);
    const missing = JOBS.filter((job) => !existsSync(path.join(dir, job.workflow))).map((j) => j.workflow);
    if (missing.length > 0) {
      return fail(
        `missing in ${WORKFLOWS}: ${missing.join(', ')}`,
        'Restore them from git; each job needs its scheduled workflow (the registry names it in src/domain/jobs.ts).',
      );
    }
    return pass(JOBS.map((j) => j.workflow).join(', '));
  },
};

function workflowSchedule(job: JobDefinition): Check {
  return {
    group: 'repository',
    name: `${job.workflow} schedule`,
    async run(ctx) {
      const file = path.join(ctx.options.repoDir, WORKFLOWS, job.workflow);
      if (!existsSync(file)) return skip(`${job.workflow} is missing (see workflow files)`);
      const crons = workflowCrons(await readFile(file, 'utf8'));
      const fix =
        `Set on.schedule in ${WORKFLOWS}/${job.workflow} to the slot '${job.schedule}' (src/domain/jobs.ts), ` +
        `optionally up to ${MAX_OFFSET_MINUTES} minutes later at an odd minute.`;
      if (crons.length === 0) return fail('no on.schedule cron: the job would never run by itself', fix);
      for (const cron of crons) {
        const match = matchesSlot(job.schedule, cron);
        if (!match.ok) return fail(match.reason, fix);
      }
      return pass(`${crons.map((c) => `'${c}'`).join(', ')} keeps the slot '${job.schedule}'`);
    },
  };
}

const bundlesFresh: Check = {
  group: 'repository',
  name: 'action bundles fresh',
  timeoutMs: 90_000,
  async run(ctx) {
    const repo = ctx.options.repoDir;
    const script = path.join(repo, BUILD_SCRIPT);
    if (!existsSync(script)) {
      return fail(
        `${BUILD_SCRIPT} is missing, so the committed bundles cannot be rebuilt and compared`,
        `Restore ${BUILD_SCRIPT} (it bundles actions/*/main.ts into actions/*/dist/index.js), then run npm run build:actions.`,
      );
    }
    const outdir = await mkdtemp(path.join(tmpdir(), 'strukt-verify-bundles-'));
    try {
      try {
        await run(process.execPath, [script, '--outdir', outdir], { cwd: repo, timeout: 80_000 });
      } catch (error) {
        const stderr =
          String((error as { stderr?: unknown }).stderr ?? '')
            .trim()
            .split('\n')[0] ?? '';
        return fail(
          `the rebuild failed: ${stderr || (error as Error).message}`.slice(0, 300),
          'Run npm ci (esbuild is a devDependency), then npm run build:actions, and read its error.',
        );
      }
      const built = await listBuilt(outdir);
      if (built.length === 0)
        return fail(`${BUILD_SCRIPT} built no bundle`, 'Run npm run build:actions and read its output.');
      const stale: string[] = [];
      for (const name of built) {
        const fresh = await readFile(path.join(outdir, name, 'dist', 'index.js'));
        const committed = await readFile(path.join(repo, 'actions', name, 'dist', 'index.js')).catch(
          () => null,
        );
        if (!committed || !committed.equals(fresh)) stale.push(committed ? name : `${name} (missing)`);
      }
      if (stale.length > 0) {
        return fail(
          `differs from a fresh build: ${listOf(stale.map((n) => `actions/${n}/dist/index.js`))}`,
          'Run npm run build:actions and commit actions/*/dist/index.js.',
        );
      }
      return pass(`${built.map((n) => `actions/${n}`).join(', ')} match a fresh build`);
    } finally {
      await rm(outdir, { recursive: true, force: true });
    }
  },
};

async function listBuilt(outdir: string): Promise<string[]> {
  const names = await readdir(outdir);
  return names.filter((n) => existsSync(path.join(outdir, n, 'dist', 'index.js'))).sort();
}

export function repositoryChecks(ctx: VerifyContext): Check[] {
  const { repoDir, repoDirExplicit } = ctx.options;
  if (!existsSync(path.join(repoDir, WORKFLOWS))) {
    const where = `no ${WORKFLOWS} in ${repoDir}`;
    return [
      {
        group: 'repository',
        name: 'repository',
        run: async () =>
          repoDirExplicit
            ? fail(where, 'Point --repo-dir at a checkout of the strukt-cron repository.')
            : skip(
                `not run inside the repository (${where}); pass --repo-dir to check workflows and bundles`,
              ),
      },
    ];
  }
  return [...workflowChecks(), bundlesFresh];
}

/** The workflow checks alone: they read files only, so they are cheap to run anywhere. */
export function workflowChecks(): Check[] {
  return [workflowFiles, ...JOBS.map(workflowSchedule)];
}
