/**
 * The alert planner: from health evaluations and the existing alert issues, the GitHub changes to
 * make, as data. Pure, so every open/close/reopen rule is tested without a server.
 *
 * One issue per job and alert kind, found by its label and hidden marker. Hysteresis: an issue
 * closes only after `closeAfterHealthy` healthy evaluations in a row, a count kept in the issue
 * body, so alternating breach/ok never opens and closes the same issue over and over.
 */
import type { JobName } from '../domain/jobs.ts';
import type { ExistingIssue } from '../github/alertIssues.ts';
import { ALERT_KINDS } from '../monitoring/evaluate.ts';
import type { AlertKind, JobHealth } from '../monitoring/evaluate.ts';
import { alertTitle, renderAlertBody } from './alertBody.ts';
import { ALERT_LABEL, MUTED_LABEL, alertKey, alertMarker, parseStateMarker } from './markers.ts';
import type { AlertMemory, AlertMemoryEntry } from './markers.ts';

interface OpTarget {
  job: JobName;
  kind: AlertKind;
}

export type AlertOp =
  | (OpTarget & { type: 'create'; title: string; body: string; labels: string[] })
  | (OpTarget & { type: 'update'; number: number; body: string })
  | (OpTarget & { type: 'comment'; number: number; body: string })
  | (OpTarget & { type: 'close'; number: number; reason: 'completed' | 'duplicate'; duplicateOf?: number })
  | (OpTarget & { type: 'reopen'; number: number });

export interface PlanOptions {
  /** Healthy evaluations in a row before an open issue closes. @default 2 */
  closeAfterHealthy: number;
  /** A breach within this many days of the issue's close reopens it; later ones open a new issue. @default 7 */
  reopenWithinDays: number;
}

export const DEFAULT_PLAN_OPTIONS: PlanOptions = { closeAfterHealthy: 2, reopenWithinDays: 7 };

export interface PlanInput {
  health: JobHealth[];
  /** Every issue labelled cron-alert, open and closed. A `duplicate` is a closed copy: never reopened or linked. */
  issues: ExistingIssue[];
  now: Date;
  /** Memory to use instead of the state markers in the issue bodies (by `<job>:<kind>`). */
  state?: AlertMemory;
  options?: Partial<PlanOptions>;
}

const DAY_MS = 86_400_000;

/** The operations that bring the alert issues in line with `health`, in the order to apply them. */
export function planAlerts(input: PlanInput): AlertOp[] {
  const options = { ...DEFAULT_PLAN_OPTIONS, ...input.options };
  if (!Number.isInteger(options.closeAfterHealthy) || options.closeAfterHealthy < 1) {
    throw new RangeError(
      `Invalid closeAfterHealthy '${options.closeAfterHealthy}'. Expected a whole number from 1 up.`,
    );
  }
  if (!Number.isFinite(options.reopenWithinDays) || options.reopenWithinDays < 0) {
    throw new RangeError(`Invalid reopenWithinDays '${options.reopenWithinDays}'. Expected days from 0 up.`);
  }
  const ops: AlertOp[] = [];
  for (const health of input.health) {
    for (const kind of ALERT_KINDS) {
      ops.push(...planOne(health, kind, input, options));
    }
  }
  return ops;
}

/** Issues that are this alert: the label and the identity marker. */
export function issuesFor(issues: ExistingIssue[], job: JobName, kind: AlertKind): ExistingIssue[] {
  const marker = alertMarker(job, kind);
  return issues.filter((i) => i.labels.includes(ALERT_LABEL) && i.body.includes(marker));
}

/** Oldest first: the issue every concurrent health run agrees to keep. */
export function byAge(a: ExistingIssue, b: ExistingIssue): number {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.number - b.number;
}

function planOne(health: JobHealth, kind: AlertKind, input: PlanInput, options: PlanOptions): AlertOp[] {
  const job = health.job;
  const target: OpTarget = { job, kind };
  const check = health.checks[kind];
  const matching = issuesFor(input.issues, job, kind);
  const [open, ...duplicates] = matching.filter((i) => i.state === 'open').sort(byAge);
  const ops: AlertOp[] = [];

  for (const dup of duplicates) {
    if (!open) break;
    ops.push(
      { ...target, type: 'comment', number: dup.number, body: `Duplicate of #${open.number}` },
      { ...target, type: 'close', number: dup.number, reason: 'duplicate', duplicateOf: open.number },
    );
  }

  const body = (memory: AlertMemoryEntry, previousIssue: number | null = null) =>
    renderAlertBody({ health, kind, memory, closeAfterHealthy: options.closeAfterHealthy, previousIssue });

  if (open) {
    if (open.labels.includes(MUTED_LABEL)) return ops;
    const memory = input.state?.[alertKey(job, kind)] ??
      parseStateMarker(open.body) ?? { healthyStreak: 0, lastState: 'breach' };
    const update = (next: AlertMemoryEntry) => {
      const text = body(next);
      // An unchanged body is not rewritten: no notification, no API call.
      if (text !== open.body) ops.push({ ...target, type: 'update', number: open.number, body: text });
    };
    if (check.state === 'breach') {
      update({ healthyStreak: 0, lastState: 'breach', ...dispatched(memory) });
    } else if (check.state === 'ok') {
      const next: AlertMemoryEntry = {
        healthyStreak: memory.healthyStreak + 1,
        lastState: 'ok',
        ...dispatched(memory),
      };
      update(next);
      if (next.healthyStreak >= options.closeAfterHealthy) {
        ops.push(
          {
            ...target,
            type: 'comment',
            number: open.number,
            body:
              `Recovered: ${check.reason}. Healthy for ${next.healthyStreak} evaluations in a row, so ` +
              `closing. A new breach within ${options.reopenWithinDays} days reopens this issue.`,
          },
          { ...target, type: 'close', number: open.number, reason: 'completed' },
        );
      }
    } else {
      // Unknown says nothing about recovery: keep the streak, refresh the figures.
      update(memory);
    }
    return ops;
  }

  if (check.state !== 'breach') return ops;
  const breach: AlertMemoryEntry = {
    healthyStreak: 0,
    lastState: 'breach',
    ...dispatched(input.state?.[alertKey(job, kind)]),
  };
  const last = matching
    .filter((i) => i.state === 'closed' && i.stateReason !== 'duplicate')
    .sort((a, b) => Date.parse(b.closedAt ?? b.createdAt) - Date.parse(a.closedAt ?? a.createdAt))[0];
  const create = (previousIssue: number | null) =>
    ops.push({
      ...target,
      type: 'create',
      title: alertTitle(job, kind),
      body: body(breach, previousIssue),
      labels: [ALERT_LABEL],
    });

  if (!last) {
    create(null);
  } else if (last.stateReason === 'not_planned' || last.labels.includes(MUTED_LABEL)) {
    // Someone decided this alert is not worth an issue; respect that until they reopen or unmute it.
  } else if (
    input.now.getTime() - Date.parse(last.closedAt ?? last.createdAt) <=
    options.reopenWithinDays * DAY_MS
  ) {
    ops.push(
      { ...target, type: 'reopen', number: last.number },
      { ...target, type: 'update', number: last.number, body: body(breach) },
      {
        ...target,
        type: 'comment',
        number: last.number,
        body: `Breached again: ${check.reason}. Reopened because it recurred within ${options.reopenWithinDays} days of closing.`,
      },
    );
  } else {
    create(last.number);
  }
  return ops;
}

/** Catch-up slots already dispatched survive every rewrite of the body, so none is dispatched twice. */
function dispatched(memory: AlertMemoryEntry | undefined): Pick<AlertMemoryEntry, 'dispatchedSlots'> {
  const slots = memory?.dispatchedSlots;
  return slots && slots.length > 0 ? { dispatchedSlots: slots } : {};
}
