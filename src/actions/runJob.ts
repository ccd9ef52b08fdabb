/**
 * The run-job action's logic (actions/run-job): run the job here or invoke its edge function,
 * then set the outputs, annotate failures and write the job summary. A failed run throws
 * StepFailure after reporting, so the entry point's one catch is the only place a step fails.
 */
import type { Config } from '../config/config.ts';
import type { Db } from '../db/types.ts';
import type { ExecuteDeps, ExecuteRequest } from '../jobs/execute.ts';
import { createLogger } from '../lib/logger.ts';
import { describeError } from '../lib/sanitize.ts';
import {
  renderFilteredRunSummary,
  renderRunSummary,
  summaryWouldIdentify,
  type RecentRun,
} from '../runs/markdownSummary.ts';
import { renderReportText } from '../runs/render.ts';
import type { RunReport } from '../runs/types.ts';
import { recentRuns } from '../sql/runLog.ts';
import { invokeJob, type InvokeFunction, type SummarizeInvocation } from './invokeJob.ts';
import type { RunJobInputs } from './runJobInputs.ts';
import { annotate, failureOf, reportOutputs, type ReportSink } from './runJobReport.ts';

/** The part of `@actions/core` this action uses; tests pass a recording fake. */
export interface RunJobCore extends ReportSink {
  info(message: string): void;
  summary: { addRaw(text: string, addEOL?: boolean): { write(): Promise<unknown> } };
}

export interface RunJobDeps {
  core: RunJobCore;
  executeRun: (request: ExecuteRequest, deps: ExecuteDeps) => Promise<RunReport>;
  openDb: (config: Config, options?: { poolSize?: number }) => Promise<Db>;
  invoke: InvokeFunction;
  summarizeInvocation: SummarizeInvocation;
  /** Clock for the duration of an invocation. @default Date.now */
  now?: () => number;
}

/** The step failed on purpose: the run ended badly and has been reported already. */
export class StepFailure extends Error {
  override name = 'StepFailure';
}

/** How many past runs the summary shows. */
const RECENT_RUNS = 10;

/** Runs the action for validated inputs. Throws StepFailure, or whatever broke, for the entry point to report. */
export async function runJobAction(inputs: RunJobInputs, deps: RunJobDeps): Promise<RunReport> {
  const { core } = deps;
  const { report, recent, note } =
    inputs.mode === 'run'
      ? await runHere(inputs, deps)
      : { ...(await invokeJob(inputs, deps)), recent: [] as RecentRun[] };

  core.info(renderReportText(report));
  for (const [name, value] of Object.entries(reportOutputs(report))) core.setOutput(name, value);
  annotate(core, report);
  try {
    const { users } = inputs.options;
    const summary =
      users && summaryWouldIdentify(users, inputs.publicSummary)
        ? renderFilteredRunSummary(report, users.length, recent)
        : renderRunSummary(report, recent);
    await core.summary.addRaw(summary + (note ? `\n${note}\n` : '')).write();
  } catch (error) {
    // The outputs and the run record already carry the result; a summary is a convenience.
    core.warning(`Could not write the job summary: ${describeError(error)}`);
  }
  const failure = failureOf(report, inputs.failOn);
  if (failure) throw new StepFailure(failure);
  return report;
}

async function runHere(
  inputs: RunJobInputs,
  deps: RunJobDeps,
): Promise<{ report: RunReport; recent: RecentRun[]; note: string | null }> {
  const { core } = deps;
  const db = await deps.openDb(inputs.config, {
    poolSize: Math.min(10, (inputs.options.concurrency ?? 8) + 2),
  });
  try {
    const report = await deps.executeRun(
      { job: inputs.job.name, options: inputs.options, ai: inputs.ai },
      { config: inputs.config, log: createLogger((line) => core.info(line)), db },
    );
    return { report, recent: await readRecentRuns(db, report, core), note: null };
  } finally {
    await db.close().catch((error: unknown) => {
      core.warning(`Could not close the database: ${describeError(error)}`);
    });
  }
}

/** The job's last runs for the summary; history that cannot be read is a warning, never a failure. */
async function readRecentRuns(db: Db, report: RunReport, core: RunJobCore): Promise<RecentRun[]> {
  try {
    return await recentRuns(db, { p_function_name: report.functionName, p_limit: RECENT_RUNS });
  } catch (error) {
    core.warning(`Could not read the recent runs for the job summary: ${describeError(error)}`);
    return [];
  }
}
