// Entry point of the cron-health action; the logic lives in src/actions/cronHealth.ts.
import * as core from '@actions/core';
import { runCronHealthAction } from '../../src/actions/cronHealth.ts';

await runCronHealthAction({ core, env: process.env });
