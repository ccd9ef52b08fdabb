/**
 * Applies the planned alert operations through the GitHub access (src/github/alertIssues.ts),
 * closes the duplicates that concurrent health runs created, and reports each op's outcome.
 */
import type { AlertIssues } from '../github/alertIssues.ts';
import { describeGitHubError } from '../github/errors.ts';
import { byAge, issuesFor } from './alertPlan.ts';
import type { AlertOp } from './alertPlan.ts';
import { ALERT_LABEL } from './markers.ts';

export interface AppliedOp {
  op: AlertOp;
  /** `dry-run`: planned only; `failed`: GitHub refused, see `error` (the caller fails the run). */
  status: 'applied' | 'dry-run' | 'failed';
  /** The issue the op touched or created. */
  number?: number;
  error?: string;
}

export interface ApplyOptions {
  /** Return the ops without calling GitHub. */
  dryRun: boolean;
  /** Listings after a create until the new issue shows up in them. @default 5 */
  relistAttempts?: number;
  /** Waits between those listings. @default exponential from 1 s */
  sleep?: (ms: number) => Promise<void>;
  log?: { warn: (message: string) => void };
}

/**
 * Applies planned ops in order. A failed op is recorded and the rest still run, so one refused
 * comment cannot hide another job's alert; callers must treat any `failed` result as a failure.
 */
export async function applyAlerts(
  github: AlertIssues,
  ops: AlertOp[],
  options: ApplyOptions,
): Promise<AppliedOp[]> {
  if (options.dryRun) return ops.map((op) => ({ op, status: 'dry-run' as const }));
  const results: AppliedOp[] = [];
  let labelError: string | null = null;
  if (ops.some((op) => op.type === 'create')) {
    try {
      await github.ensureLabel({
        name: ALERT_LABEL,
        color: 'd93f0b',
        description: 'Opened and closed by the strukt-cron health check',
      });
    } catch (error) {
      labelError = `Could not ensure the '${ALERT_LABEL}' label: ${describeGitHubError(error)}`;
    }
  }
  for (const op of ops) {
    if (op.type === 'create' && labelError) {
      // Without the label a created issue could never be found again, so it is not created.
      results.push({ op, status: 'failed', error: labelError });
      continue;
    }
    try {
      const number = await applyOne(github, op);
      results.push({ op, status: 'applied', number });
      if (op.type === 'create') results.push(...(await settleAfterCreate(github, op, number, options)));
    } catch (error) {
      results.push({
        op,
        status: 'failed',
        ...('number' in op ? { number: op.number } : {}),
        error: describeGitHubError(error),
      });
    }
  }
  return results;
}

/** The duplicate check after a create; a failed relist is a warning, as the next run's plan closes copies too. */
async function settleAfterCreate(
  github: AlertIssues,
  created: Extract<AlertOp, { type: 'create' }>,
  createdNumber: number,
  options: ApplyOptions,
): Promise<AppliedOp[]> {
  try {
    return await closeDuplicatesAfterCreate(github, created, createdNumber, options);
  } catch (error) {
    (options.log ?? console).warn(
      `Could not check issue #${createdNumber} for duplicates: ${describeGitHubError(error)}. The next health run will.`,
    );
    return [];
  }
}

async function applyOne(github: AlertIssues, op: AlertOp): Promise<number> {
  switch (op.type) {
    case 'create':
      return await github.create({ title: op.title, body: op.body, labels: op.labels });
    case 'update':
      await github.setBody(op.number, op.body);
      return op.number;
    case 'comment':
      await github.comment(op.number, op.body);
      return op.number;
    case 'close':
      await github.close(op.number, op.reason);
      return op.number;
    case 'reopen':
      await github.reopen(op.number);
      return op.number;
  }
}

/**
 * Two health runs can both see no issue and both create one. After a create, list again until the
 * new issue is visible, then close every open copy but the oldest; both runs pick the same one.
 */
async function closeDuplicatesAfterCreate(
  github: AlertIssues,
  created: Extract<AlertOp, { type: 'create' }>,
  createdNumber: number,
  options: ApplyOptions,
): Promise<AppliedOp[]> {
  const attempts = options.relistAttempts ?? 5;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(1000 * 2 ** (attempt - 1));
    const open = issuesFor(await github.list(ALERT_LABEL), created.job, created.kind)
      .filter((i) => i.state === 'open')
      .sort(byAge);
    if (!open.some((i) => i.number === createdNumber)) continue;
    const [keep, ...copies] = open;
    if (!keep) return [];
    const results: AppliedOp[] = [];
    for (const copy of copies) {
      const target = { job: created.job, kind: created.kind };
      const comment: AlertOp = {
        ...target,
        type: 'comment',
        number: copy.number,
        body: `Duplicate of #${keep.number}`,
      };
      const close: AlertOp = {
        ...target,
        type: 'close',
        number: copy.number,
        reason: 'duplicate',
        duplicateOf: keep.number,
      };
      for (const op of [comment, close]) {
        try {
          await applyOne(github, op);
          results.push({ op, status: 'applied', number: copy.number });
        } catch (error) {
          results.push({ op, status: 'failed', number: copy.number, error: describeGitHubError(error) });
        }
      }
    }
    return results;
  }
  (options.log ?? console).warn(
    `Issue #${createdNumber} did not appear in the issues listing after ${attempts} tries; ` +
      'duplicates will be closed by the next health run.',
  );
  return [];
}
