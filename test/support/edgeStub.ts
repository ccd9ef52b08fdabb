import type { Config } from '../../src/config/config.ts';
import { createHandler, type Handler } from '../../src/functions/handler.ts';
import type { ExecuteRequest } from '../../src/jobs/execute.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import type { RunReport } from '../../src/runs/types.ts';

/**
 * The edge handler with its run stubbed out: every check in front of the run (route, method,
 * bearer, body) is the real one, and the stub counts how many requests got past them all. For
 * tests that throw hundreds of bad requests at the handler and need no database.
 */
export interface StubbedHandler {
  handler: Handler;
  /** The runs requests got as far as starting. */
  executed: ExecuteRequest[];
}

export function stubbedHandler(config: Config): StubbedHandler {
  const executed: ExecuteRequest[] = [];
  const handler = createHandler({
    config,
    log: silentLogger,
    ai: 'offline',
    execute: async (request) => {
      executed.push(request);
      return finishedReport(request);
    },
  });
  return { handler, executed };
}

/** A successful run of the requested job, as executeRun would report it. */
function finishedReport(request: ExecuteRequest): RunReport {
  return {
    runId: '5b0c6c3e-1f4c-4a52-9a0e-0d3c3c4b8f10',
    job: 'user-status',
    functionName: 'checkUserStatus',
    status: 'success',
    message: 'Checked 0 users, triggered 0 notifications',
    dryRun: request.options.dryRun,
    period: null,
    asOf: request.options.asOf.toISOString(),
    startedAt: request.options.asOf.toISOString(),
    durationMs: 1,
    attempts: 1,
    counts: { considered: 0, succeeded: 0, failed: 0, skipped: {}, remaining: 0 },
    figures: {},
    results: [],
    errors: [],
    shard: null,
    usersFiltered: null,
    trigger: 'http',
    source: 'edge',
    runUrl: null,
    ai: {
      model: null,
      requests: 0,
      promptTokens: 0,
      completionTokens: 0,
      estimatedCostUsd: 0,
      calls: 0,
      retriedCalls: 0,
    },
    recorded: true,
  };
}

/** Lines of a stack trace, or source paths, in text shown to a caller. */
export function showsInternals(text: string): boolean {
  return /^\s+at\s/m.test(text) || /\bat .+:\d+:\d+/.test(text) || /\/src\/|node_modules|\.ts:\d+/.test(text);
}
