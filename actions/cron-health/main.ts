// Entry point of the cron-health action; the logic lives in src/actions/cronHealthAction.ts.
import * as core from '@actions/core';
import { runCronHealthAction } from '../../src/actions/cronHealthAction.ts';

await runCronHealthAction({ core, env: process.env });
