// Entry point of the run-job action; the logic lives in src/actions/. This file only wires the
// real dependencies and owns the one place the step fails.
import * as core from '@actions/core';
import { runJobAction } from '../../src/actions/runJob.ts';
import { readRunJobInputs } from '../../src/actions/runJobInputs.ts';
import { describeFailure } from '../../src/db/failures.ts';
import { openDb } from '../../src/db/open.ts';
import { invokeFunction, summarizeInvocation } from '../../src/functions/invoke.ts';
import { executeRun } from '../../src/jobs/execute.ts';

try {
  const inputs = readRunJobInputs(core, process.env);
  await runJobAction(inputs, { core, executeRun, openDb, invoke: invokeFunction, summarizeInvocation });
} catch (error) {
  core.setFailed(describeFailure(error));
}
