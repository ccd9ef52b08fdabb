import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentLine, renderRunSummary } from '../../src/runs/markdownSummary.ts';
import { planRefreshJob } from '../../src/jobs/planRefresh.ts';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigest.ts';
import { readConsentFigures } from '../../src/monitoring/consent.ts';
import { renderReportMarkdown } from '../../src/monitoring/renderReport.ts';
import { readMonitoringReport } from '../../src/monitoring/report.ts';
import type { RunReport } from '../../src/runs/types.ts';
import { addUser, addWorkout } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

// An hour after the Sunday 16 Nov 2025 20:00 slot: the digest covers 9–16 Nov.
const AS_OF = '2025-11-16T21:00:00Z';

let t: TestDatabase;
let dryDigest: RunReport;
let digest: RunReport;
let plans: RunReport;

beforeAll(async () => {
  t = await createTestDatabase();
  // Two users who consented to OpenAI processing, three who did not (one withdrew, two never asked).
  const users = [
    await addUser(t.sql, { consent: true }),
    await addUser(t.sql, { consent: true }),
    await addUser(t.sql, { consent: false }),
    await addUser(t.sql),
    await addUser(t.sql),
  ];
  for (const id of users) await addWorkout(t.sql, id, '2025-11-14T18:00:00Z');
  dryDigest = await runTestJob(weeklyDigestJob, t.db, testOptions(AS_OF, { dryRun: true }));
  digest = await runTestJob(weeklyDigestJob, t.db, testOptions(AS_OF));
  plans = await runTestJob(planRefreshJob, t.db, testOptions(AS_OF));
});

afterAll(async () => {
  await t?.drop();
});

const recordedFigures = async (runId: string) =>
  (
    await t.sql.query<{ figures: Record<string, number> }>(
      `select details -> 'figures' as figures from admin.system_cron_logs where run_id = $1`,
      [runId],
    )
  )[0]!.figures;

describe('consent in the figures', () => {
  it('counts the users given a template digest for lack of consent, apart from the template total', async () => {
    expect(digest.status).toBe('success');
    // The offline writer serves consenting users too: 5 templates, 3 of them for lack of consent.
    expect(digest.figures).toMatchObject({ 'digests.template': 5, 'digests.template_no_consent': 3 });
    expect(await recordedFigures(digest.runId)).toMatchObject({ 'digests.template_no_consent': 3 });
  });

  it('counts the same on a dry run', () => {
    expect(dryDigest.figures).toMatchObject({ 'digests.template': 5, 'digests.template_no_consent': 3 });
  });

  it('counts the users given the fallback plan for lack of consent', async () => {
    expect(plans.figures).toMatchObject({ 'plans.fallback': 5, 'plans.fallback_no_consent': 3 });
    expect(await recordedFigures(plans.runId)).toMatchObject({ 'plans.fallback_no_consent': 3 });
  });

  it('says so in the job summary, with figures only', () => {
    const summary = renderRunSummary(digest);
    expect(summary).toContain(
      '**Consent:** 3 users got a template digest for lack of an `openai_processing` consent',
    );
    expect(consentLine(plans)).toMatch(/^\*\*Consent:\*\* 3 users got the fallback plan /);
    expect(consentLine({ ...digest, figures: {} })).toBeNull();
  });

  it('sums them per job in the report, with the users who have consented', async () => {
    const now = new Date('2025-11-17T00:00:00Z');
    expect(await readConsentFigures(t.db, 30, now)).toEqual({
      usersWithConsent: 2,
      fallbacks: [
        { function_name: 'generatePlans', runs: 1, no_consent: 3 },
        { function_name: 'generateWeeklyDigest', runs: 1, no_consent: 3 },
      ],
    });
    const md = renderReportMarkdown(await readMonitoringReport(t.db, 30, now));
    expect(md).toContain(
      '## Templates for lack of openai_processing consent (last 30 days; 2 users have consented)',
    );
    expect(md).toContain('| generateWeeklyDigest | 1 | 3 |');
  });
});
