import { planRequest } from '../ai/chatRequests.ts';
import { QuotaExceededError, type AiWriter, type GenerationMethod, type Written } from '../ai/types.ts';
import { getJob } from '../domain/jobs.ts';
import { windowBefore } from '../domain/period.ts';
import { validatePlan, type Plan, type PlanInput } from '../domain/plan.ts';
import { numberOrNull, planProfileOf } from '../domain/planProfile.ts';
import { DeadlineExceededError, attemptsOf } from '../lib/retry.ts';
import { describeError } from '../lib/sanitize.ts';
import type { Job, JobContext } from '../runs/runJob.ts';
import {
  planCandidates,
  planPendingCount,
  savePlans,
  type PlanCandidate,
  type PlanCandidateArgs,
} from '../sql/plans.ts';
import { batchMessage } from './batchMessage.ts';
import { collectOpenBatches } from './batchCollect.ts';
import type { BatchSpec } from './batchMode.ts';
import { submitBatch } from './batchSubmit.ts';
import { fanOut } from './fanOut.ts';
import { selection } from './selection.ts';

/** A plan older than this is refreshed. */
export const STALE_PLAN_DAYS = 28;

/** The generation methods the STRUKT app knows for a plan ('manual' is the app's own). */
export type PlanMethod = 'ai' | 'fallback';

interface PlanRow {
  user_id: string;
  base_version: number;
  plan_data: Plan;
  generation_method: PlanMethod;
  fallback_reason: string | null;
  wellness_context: PlanInput['wellness'];
  profile_snapshot: PlanInput['profile'];
  is_valid: boolean;
  validation_errors: string[];
}

const definition = getJob('plan-refresh');
/** Users given the fallback plan for lack of consent. */
const NO_CONSENT_FIGURE = definition.noConsentFigure!;

/**
 * generatePlans: a new plan version for onboarded users without one or with a stale one,
 * written from their profile and the last week's wellness context. A plan not written by
 * OpenAI (no consent, an offline run, an AI call that failed or answered an invalid plan) is the
 * deterministic fallback plan, recorded as 'fallback' with its reason (see recordedMethod).
 */
export const planRefreshJob: Job = {
  definition,
  usesAi: true,
  period: (asOf) => windowBefore(asOf, definition.windowDays),
  message: (tally, dryRun) =>
    (dryRun ? `Dry run: would generate ${tally.succeeded} plans` : `Generated ${tally.succeeded} plans`) +
    batchMessage(tally, dryRun),
  async run(ctx) {
    const args = {
      p_as_of: ctx.options.asOf.toISOString(),
      p_stale_days: STALE_PLAN_DAYS,
      // The wellness window is the registry's, read by SQL from here (one source for it).
      p_window_days: definition.windowDays,
      ...selection(ctx.options),
    };
    if (ctx.batch) {
      await collectOpenBatches(ctx, ctx.batch, 'plan-refresh', (b) =>
        batchSpec(ctx, {
          ...args,
          p_as_of: b.as_of,
          p_users: null,
          p_shard_index: b.shard_index,
          p_shard_count: b.shard_count,
        }),
      );
      if (ctx.submitBatches) {
        await submitBatch(ctx, ctx.batch, batchSpec(ctx, args));
        return;
      }
    }
    await fanOut<PlanCandidateArgs, PlanCandidate, PlanRow>(ctx, {
      candidates: planCandidates,
      pendingCount: planPendingCount,
      args,
      noun: 'plan',
      write: (row) => writeOne(ctx, row),
      save: (plans) => save(ctx, plans),
    });
  },
};

async function writeOne(ctx: JobContext, row: PlanCandidate): Promise<PlanRow | 'refused' | null> {
  const input = toPlanInput(row);
  const writer: AiWriter = row.has_consent ? ctx.ai : ctx.template;
  if (ctx.options.dryRun) {
    const { method } = recordedMethod(
      row.has_consent && ctx.ai.kind === 'openai' ? 'ai' : 'template',
      undefined,
      row.has_consent,
    );
    ctx.tally.succeeded += 1;
    ctx.tally.count(`plans.${method}`);
    if (!row.has_consent) ctx.tally.count(NO_CONSENT_FIGURE);
    ctx.tally.result({ userId: row.user_id, version: row.latest_version + 1, method });
    return null;
  }
  try {
    const written = await writer.writePlan(input, { deadline: ctx.deadline ?? undefined });
    ctx.tally.aiCall(written.attempts);
    return planRowOf(row, written);
  } catch (error) {
    if (error instanceof QuotaExceededError) throw error;
    if (error instanceof DeadlineExceededError) return 'refused';
    // A call that failed was still a call; one that did not come through withRetry was one try.
    ctx.tally.aiCall(writer.kind === 'openai' ? (attemptsOf(error) ?? 1) : 0);
    ctx.tally.failed += 1;
    ctx.tally.error(describeError(error, 'write plan'));
    ctx.log.warn('plan failed for a user', { user: ctx.userRef(row.user_id), error: describeError(error) });
    return null;
  }
}

/** The user_plans row of a written plan. */
function planRowOf(row: PlanCandidate, written: Written<Plan>): PlanRow {
  const input = toPlanInput(row);
  const problems = validatePlan(written.value, input);
  const { method, reason } = recordedMethod(written.method, written.fallbackReason, row.has_consent);
  return {
    user_id: row.user_id,
    base_version: row.latest_version,
    plan_data: written.value,
    generation_method: method,
    fallback_reason: reason,
    wellness_context: input.wellness,
    profile_snapshot: input.profile,
    is_valid: problems.length === 0,
    validation_errors: problems,
  };
}

/** Batch mode's view of the plan refresh: the same candidates, request, checks and save as direct mode. */
function batchSpec(
  ctx: JobContext,
  args: PlanCandidateArgs,
): BatchSpec<PlanCandidateArgs, PlanCandidate, Plan, PlanRow> {
  return {
    job: 'plan-refresh',
    noun: 'plan',
    candidates: planCandidates,
    args,
    // Plans have no period of their own: a batch is keyed by the run's as-of.
    period: { start: null, end: null },
    request: (row) => planRequest(toPlanInput(row)),
    outOf: planRowOf,
    writeWith: (row, writer) => writer.writePlan(toPlanInput(row)),
    writeDirect: (row) => writeOne(ctx, row),
    save: (plans) => save(ctx, plans),
    // A plan the app wrote after the batch was sent is newer than the batch's answer: it stays the
    // newest, and the batch's plan is saved on the version it was built on, so never on top of it.
    basis: {
      of: (row) => row.latest_version,
      at: (row, version) => (row.latest_version > version ? null : { ...row, latest_version: version }),
    },
  };
}

async function save(ctx: JobContext, plans: PlanRow[]): Promise<void> {
  if (ctx.options.dryRun || plans.length === 0) return;
  const saved = await ctx.retry('save plans', () => savePlans(ctx.db, { p_plans: plans }));
  const versions = new Map(saved.map((r) => [r.user_id, r.version]));
  ctx.tally.succeeded += versions.size;
  ctx.tally.skip('newer_version_exists', plans.length - versions.size);
  for (const plan of plans) {
    const version = versions.get(plan.user_id);
    if (version === undefined) continue;
    ctx.tally.count(`plans.${plan.generation_method}`);
    if (plan.fallback_reason === 'no_openai_consent') ctx.tally.count(NO_CONSENT_FIGURE);
    if (!plan.is_valid) ctx.tally.count('plans.invalid');
    ctx.tally.result({ userId: plan.user_id, version, method: plan.generation_method });
  }
}

/**
 * How a plan is recorded in the app's terms: 'ai' when OpenAI wrote it, else 'fallback' with a
 * short code saying why — never text from user data:
 * - 'no_openai_consent': the user has no active openai_processing consent;
 * - 'offline_writer': the run writes offline (`--ai offline`), consent or not aside;
 * - the AI failure's code (e.g. 'timeout', 'invalid', 'http_500') when AI was tried and failed.
 */
export function recordedMethod(
  method: GenerationMethod,
  fallbackReason: string | undefined,
  hasConsent: boolean,
): { method: PlanMethod; reason: string | null } {
  if (method === 'ai') return { method: 'ai', reason: null };
  if (!hasConsent) return { method: 'fallback', reason: 'no_openai_consent' };
  if (method === 'fallback') return { method: 'fallback', reason: fallbackReason ?? 'ai_failed' };
  return { method: 'fallback', reason: 'offline_writer' };
}

/**
 * Profile and wellness only: the name and email never leave the database. Lists are never null
 * and figures are numbers, whichever way the driver sent them.
 */
export function toPlanInput(row: PlanCandidate): PlanInput {
  return {
    profile: planProfileOf(row),
    wellness: {
      workouts: Number(row.workouts),
      workoutMinutes: Number(row.workout_minutes),
      avgSleepHours: numberOrNull(row.avg_sleep_hours),
      avgMood: numberOrNull(row.avg_mood),
      avgStress: numberOrNull(row.avg_stress),
      stressfulDays: Number(row.stressful_days),
      mealsLogged: Number(row.meals_logged),
    },
  };
}
