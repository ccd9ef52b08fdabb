import type { CheckGroup, CheckResult, VerifyResult } from './types.ts';

const MARK = { pass: '✓', fail: '✗', skip: '○', warn: '!' } as const;

const GROUP_TITLE: Record<CheckGroup, string> = {
  configuration: 'Configuration',
  database: 'Database',
  jobs: 'Jobs',
  openai: 'OpenAI',
  functions: 'Edge functions',
  repository: 'Repository',
};

/**
 * Prints results as they come, with a heading whenever the group changes. Reasons and fixes are
 * built by the checks from names and counts, never from secret values.
 */
export function createResultPrinter(print: (line: string) => void): (result: CheckResult) => void {
  let group: CheckGroup | null = null;
  return (result) => {
    if (result.group !== group) {
      if (group !== null) print('');
      group = result.group;
      print(GROUP_TITLE[group]);
    }
    for (const line of renderResult(result)) print(line);
  };
}

export function renderResult(result: CheckResult): string[] {
  const reason =
    result.status === 'skip'
      ? `skipped: ${result.reason}`
      : result.status === 'warn'
        ? `warning: ${result.reason}`
        : result.reason;
  const lines = [`  ${MARK[result.status]} ${result.name} — ${reason}`];
  if ((result.status === 'fail' || result.status === 'warn') && result.fix) {
    lines.push(`      fix: ${result.fix}`);
  }
  return lines;
}

/**
 * "31/33 checks passed, 2 failed, 1 warning (4 skipped)": skipped checks count as neither; a
 * warning is asked but not passed, and fails nothing.
 */
export function renderSummary(result: VerifyResult): string {
  const asked = result.passed + result.failed + result.warned;
  const failed = result.failed > 0 ? `, ${result.failed} failed` : '';
  const warned =
    result.warned > 0 ? `, ${result.warned} ${result.warned === 1 ? 'warning' : 'warnings'}` : '';
  const skipped = result.skipped > 0 ? ` (${result.skipped} skipped)` : '';
  const seconds = (result.durationMs / 1000).toFixed(1);
  return `${result.passed}/${asked} checks passed${failed}${warned}${skipped} in ${seconds} s`;
}

/** The machine-readable result of `verify --json`. */
export function toJson(result: VerifyResult): string {
  return JSON.stringify(
    {
      ok: result.ok,
      transport: result.transport,
      passed: result.passed,
      failed: result.failed,
      skipped: result.skipped,
      warned: result.warned,
      durationMs: result.durationMs,
      checks: result.checks.map((c) => ({
        group: c.group,
        name: c.name,
        status: c.status,
        reason: c.reason,
        ...(c.fix ? { fix: c.fix } : {}),
        durationMs: c.durationMs,
      })),
    },
    null,
    2,
  );
}
