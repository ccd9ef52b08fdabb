/**
 * Markdown for alert issues and job summaries, rendered from JobHealth alone. JobHealth carries
 * only figures, sanitized runs and masked error messages (monitoring/errorMessages.ts), so nothing
 * here can leak ids, emails or user text. Times read as a person writes them: `2026-11-30 16:02 UTC`.
 */
import type { JobName } from '../domain/jobs.ts';
import { humanTime } from '../lib/humanTime.ts';
import type { ErrorMessages } from '../monitoring/errorMessages.ts';
import { ms, pct } from '../lib/figures.ts';
import type { AlertKind, CheckResult, JobHealth, RecentRun } from '../monitoring/evaluate.ts';
import { alertMarker, stateMarker } from './markers.ts';
import type { AlertMemoryEntry } from './markers.ts';

/** GitHub rejects issue and comment bodies longer than this. */
export const MAX_BODY_CHARS = 65_536;
const DEFAULT_RUNS_SHOWN = 10;
const CHART_BARS = 20;
const MISSED_SLOTS_SHOWN = 50;

/** What breached, in the words of the issue title: one kind, one issue. */
const HEADLINES: Record<AlertKind, string> = {
  'error-rate': 'error rate above threshold',
  'retry-rate': 'retry rate above threshold',
  'call-retry-rate': 'OpenAI call retry rate above threshold',
  'slow-runs': 'runs slower than threshold',
  'missed-schedule': 'missed scheduled runs',
  batches: 'OpenAI batches late or failing',
};

/** `[cron-alert] weekly-digest: error rate above threshold` (HEADLINES has one per kind). */
export function alertTitle(job: JobName, kind: AlertKind): string {
  return `[cron-alert] ${job}: ${HEADLINES[kind]}`;
}

export interface AlertBodyInput {
  health: JobHealth;
  kind: AlertKind;
  memory: AlertMemoryEntry;
  /** Evaluations in a row that close the issue (shown while recovering). */
  closeAfterHealthy: number;
  /** An earlier, closed issue for the same alert, linked from the new one. */
  previousIssue?: number | null;
  /** Runs listed at the end. @default 10 */
  runsShown?: number;
}

/** The whole issue body: markers first, then headline, figures, missed slots, chart and runs. */
export function renderAlertBody(input: AlertBodyInput): string {
  let runsShown = input.runsShown ?? DEFAULT_RUNS_SHOWN;
  // The runs list is the least important part, so it shrinks first when the body is too long.
  for (;;) {
    const body = composeAlertBody(input, runsShown);
    if (body.length <= MAX_BODY_CHARS) return body;
    if (runsShown === 0) {
      const note = `\n\n_(cut to ${MAX_BODY_CHARS} characters)_`;
      return body.slice(0, MAX_BODY_CHARS - note.length) + note;
    }
    runsShown = Math.floor(runsShown / 2);
  }
}

function composeAlertBody(input: AlertBodyInput, runsShown: number): string {
  const { health, kind, memory } = input;
  const check = health.checks[kind];
  const parts: string[] = [
    `${alertMarker(health.job, kind)}\n${stateMarker(memory)}`,
    `## ${stateIcon(check.state)} ${health.job}: ${HEADLINES[kind]}`,
    `**${stateWord(check.state)}** — ${inline(check.reason)}`,
  ];
  if (memory.lastState !== 'breach' && memory.healthyStreak > 0) {
    parts.push(
      `Recovering: ${memory.healthyStreak} of ${input.closeAfterHealthy} healthy evaluations in a row; ` +
        'this issue closes when the count is reached.',
    );
  }
  if (input.previousIssue != null) parts.push(`Follows #${input.previousIssue}, which was closed earlier.`);
  // What broke, before the figures: the person on call should not need the database to learn it.
  if (kind === 'error-rate' && health.errors.top.length > 0) parts.push(errorsTable(health));
  parts.push(figuresTable(health));
  parts.push(
    `Window: ${humanTime(health.window.from)} → ${humanTime(health.window.to)}. Schedule ` +
      `\`${health.schedule}\` (UTC), grace ${health.graceMinutes} min. Function \`${health.functionName}\`.`,
  );
  if (check.missedSlots && check.missedSlots.length > 0) parts.push(missedSlotsList(check.missedSlots));
  const dispatched = memory.dispatchedSlots ?? [];
  if (dispatched.length > 0) {
    // Says why a missed slot stays listed for a while: its catch-up run was started, not yet recorded.
    parts.push(
      `Catch-up run dispatched for: ${dispatched.map((slot) => escapeCell(humanTime(slot))).join(', ')}.`,
    );
  }
  const chart = durationChart(health);
  if (chart) parts.push(`### Recent run durations\n\n${chart}`);
  if (runsShown > 0 && health.recentRuns.length > 0) {
    parts.push(`### Last runs\n\n${runsTable(health.recentRuns.slice(0, runsShown))}`);
  }
  parts.push(
    '<sub>Kept up to date by the strukt-cron health check. To silence this alert, close the issue as ' +
      '"not planned" or add the label `cron-alert:muted`.</sub>',
  );
  return parts.join('\n\n') + '\n';
}

/** Markdown for a workflow job summary: per job, its checks, figures and duration chart. */
export function renderHealthSummary(health: JobHealth[]): string {
  const sections = health.map((h) => {
    const checks = [
      '| check | state | reason |',
      '|---|---|---|',
      ...(Object.entries(h.checks) as Array<[AlertKind, CheckResult]>).map(
        ([kind, c]) => `| ${kind} | ${stateIcon(c.state)} ${c.state} | ${escapeCell(c.reason)} |`,
      ),
    ].join('\n');
    const chart = durationChart(h);
    return [
      `### ${h.job} (\`${h.functionName}\`)`,
      `Window ${humanTime(h.window.from)} → ${humanTime(h.window.to)}`,
      checks,
      figuresTable(h),
      ...(chart ? [chart] : []),
    ].join('\n\n');
  });
  return (
    ['## Cron health', ...(sections.length > 0 ? sections : ['_No jobs evaluated._'])].join('\n\n') + '\n'
  );
}

function figuresTable(h: JobHealth): string {
  const { figures: f, thresholds: t } = h;
  const rows: Array<[string, string, string]> = [
    ['runs', String(f.runs), `≥ ${t.minRuns} to judge rates`],
    ['success rate', pct(f.successRate), `≥ ${pct(t.minSuccessRate)}`],
    ['consecutive errors', String(f.consecutiveErrors), `< ${t.maxConsecutiveErrors}`],
    ['retry-needed rate (runs with attempts > 1)', pct(f.retryRate), `≤ ${pct(t.maxRetryRate)}`],
    [
      `OpenAI call retry rate (${f.retriedCalls} of ${f.calls} calls)`,
      pct(f.callRetryRate),
      `≤ ${pct(t.maxCallRetryRate)} (from ${t.minCalls} calls)`,
    ],
    [
      'average duration (non-error runs)',
      ms(f.avgDurationMs),
      `≤ average allowance ${ms(f.avgAllowanceMs)}; seed's figure < ${ms(t.seedAvgDurationMs)} (shown, not alerted on)`,
    ],
    [
      `time per user (${f.users} users)`,
      ms(f.msPerUser),
      `allowance ${ms(t.slowRunBaseMs)} a run + ${ms(t.slowRunMsPerUser)} a user`,
    ],
    [
      'latest run against the median for its size',
      f.latestVsMedian == null ? 'n/a' : `${f.latestVsMedian.toFixed(1)}×`,
      t.slowRunMedianFactor > 0 ? `≤ ${t.slowRunMedianFactor}× (or under ${ms(t.slowRunBaseMs)})` : 'off',
    ],
    ['max duration', ms(f.maxDurationMs), '—'],
  ];
  return [
    '| figure | value | threshold |',
    '|---|---:|---|',
    ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
  ].join('\n');
}

/**
 * The window's most frequent error messages with their run counts and a link to the latest failing
 * workflow run, where the run recorded one.
 */
function errorsTable(h: JobHealth): string {
  const { top, distinct }: ErrorMessages = h.errors;
  const days = Math.round((Date.parse(h.window.to) - Date.parse(h.window.from)) / 86_400_000);
  const more = distinct - top.length;
  return [
    `### Most frequent errors (last ${days} days)`,
    '',
    '| runs | last seen | error | workflow run |',
    '|---:|---|---|---|',
    ...top.map(
      (e) =>
        `| ${e.runs} | ${humanTime(e.lastSeen)} | ${escapeCell(e.message)} | ${
          e.runUrl ? `[run ${/\/runs\/(\d+)/.exec(e.runUrl)?.[1] ?? ''}](${e.runUrl})` : '—'
        } |`,
    ),
    ...(more > 0 ? ['', `_${more} other message(s) in the window, not listed._`] : []),
    '',
    '<sub>Messages are masked: ids, emails, keys, quoted values and words that look like names are replaced.</sub>',
  ].join('\n');
}

function missedSlotsList(slots: string[]): string {
  const shown = slots.slice(-MISSED_SLOTS_SHOWN);
  const more = slots.length - shown.length;
  return [
    '### Missed slots',
    '',
    ...(more > 0 ? [`_${more} older slot(s) not listed._`] : []),
    ...shown.map((s) => `- ${escapeCell(humanTime(s))}`),
    '',
    // A backfill by hand takes the slot as an ISO 8601 as_of.
    `To run one by hand, dispatch the workflow with \`as_of\` = the slot, e.g. \`${escapeCell((shown.at(-1) ?? '').replace('.000Z', 'Z'))}\`.`,
  ].join('\n');
}

function runsTable(runs: RecentRun[]): string {
  return [
    '| time | status | duration | attempts | error class | trigger |',
    '|---|---|---:|---:|---|---|',
    ...runs.map(
      (r) =>
        `| ${[
          humanTime(r.runTime),
          r.status,
          ms(r.durationMs),
          String(r.attempts),
          r.errorClass ?? '—',
          r.trigger ?? '—',
        ]
          .map(escapeCell)
          .join(' | ')} |`,
    ),
  ].join('\n');
}

/** A Mermaid bar chart of the latest run durations in seconds, oldest on the left; null without durations. */
function durationChart(h: JobHealth): string | null {
  const runs = h.recentRuns
    .slice(0, CHART_BARS)
    .reverse()
    .filter((r) => r.durationMs != null);
  if (runs.length === 0) return null;
  const labels = runs.map((r) => `"${r.runTime.slice(5, 16).replace('T', ' ')}"`);
  const values = runs.map((r) => Number(((r.durationMs ?? 0) / 1000).toFixed(1)));
  const top = Math.max(...values, (h.figures.avgAllowanceMs ?? h.thresholds.slowRunBaseMs) / 1000);
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${h.job} run durations (s)"`,
    `  x-axis [${labels.join(', ')}]`,
    `  y-axis "seconds" 0 --> ${Math.ceil(top * 1.1)}`,
    `  bar [${values.join(', ')}]`,
    '```',
  ].join('\n');
}

/** Makes text safe inside a Markdown table cell: no row breaks, column breaks, code spans or HTML. */
export function escapeCell(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** One line of prose; HTML is escaped so no text can forge a marker. */
function inline(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function stateIcon(state: CheckResult['state']): string {
  return state === 'breach' ? '🔴' : state === 'ok' ? '🟢' : '⚪';
}

function stateWord(state: CheckResult['state']): string {
  return state === 'breach' ? 'Breach' : state === 'ok' ? 'Healthy' : 'Unknown';
}
