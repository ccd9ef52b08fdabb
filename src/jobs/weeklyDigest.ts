import { digestRequest } from '../ai/chatRequests.ts';
import { QuotaExceededError, type AiWriter, type Written } from '../ai/types.ts';
import { digestText, type Digest, type DigestFacts } from '../domain/digest.ts';
import { digestGreeting } from '../domain/digestTemplate.ts';
import { getJob } from '../domain/jobs.ts';
import { periodEndingAtSlot, type Period } from '../domain/period.ts';
import { firstNameOf, voiceOf, type CoachVoice } from '../domain/voice.ts';
import { DeadlineExceededError, attemptsOf } from '../lib/retry.ts';
import { describeError } from '../lib/sanitize.ts';
import type { Job, JobContext } from '../runs/runJob.ts';
import {
  digestCandidates,
  digestPendingCount,
  saveDigests,
  type DigestCandidate,
  type DigestCandidateArgs,
} from '../sql/digests.ts';
import { collectOpenBatches } from './batchCollect.ts';
import type { BatchSpec } from './batchMode.ts';
import { submitBatch } from './batchSubmit.ts';
import { fanOut } from './fanOut.ts';
import { batchMessage } from './batchMessage.ts';
import { selection } from './selection.ts';

interface WrittenNote {
  user_id: string;
  note: string;
  generation_method: Written<Digest>['method'];
  model: string | null;
  details: Record<string, unknown>;
  logCount: number;
  /** A template because the user has no openai_processing consent (not because AI failed). */
  noConsent: boolean;
}

const definition = getJob('weekly-digest');
/** Users given a template for lack of consent (an operator who set OPENAI_API_KEY asks why). */
const NO_CONSENT_FIGURE = definition.noConsentFigure!;

/**
 * generateWeeklyDigest: one digest per active user and period, written by OpenAI for users who
 * consented to it and from a template for everyone else, stored once in ai_coach_notes.
 */
export const weeklyDigestJob: Job = {
  definition,
  usesAi: true,
  period: (asOf) => periodEndingAtSlot(definition.schedule, asOf, definition.windowDays),
  message: (tally, dryRun) =>
    (dryRun
      ? `Dry run: would generate ${tally.succeeded} weekly digests`
      : `Generated ${tally.succeeded} weekly digests`) + batchMessage(tally, dryRun),
  async run(ctx) {
    const period = ctx.period!;
    const filter = selection(ctx.options);
    const args = {
      p_period_start: period.start.toISOString(),
      p_period_end: period.end.toISOString(),
      ...filter,
    };
    if (ctx.batch) {
      await collectOpenBatches(ctx, ctx.batch, 'weekly-digest', (b) =>
        batchSpec(
          ctx,
          { start: new Date(b.period_start!), end: new Date(b.period_end!) },
          {
            p_users: null,
            p_shard_index: b.shard_index,
            p_shard_count: b.shard_count,
          },
        ),
      );
      if (ctx.submitBatches) {
        await submitBatch(ctx, ctx.batch, batchSpec(ctx, period, filter));
        return;
      }
    }
    await fanOut<DigestCandidateArgs, DigestCandidate, WrittenNote>(ctx, {
      candidates: digestCandidates,
      pendingCount: digestPendingCount,
      args,
      noun: 'digest',
      write: (row) => writeOne(ctx, row, period),
      save: (notes) => save(ctx, period, notes),
    });
  },
};

/** Batch mode's view of the digest: the same candidates, request, checks and save as direct mode. */
function batchSpec(
  ctx: JobContext,
  period: Period,
  filter: ReturnType<typeof selection>,
): BatchSpec<DigestCandidateArgs, DigestCandidate, Digest, WrittenNote> {
  return {
    job: 'weekly-digest',
    noun: 'digest',
    candidates: digestCandidates,
    args: { p_period_start: period.start.toISOString(), p_period_end: period.end.toISOString(), ...filter },
    period: { start: period.start.toISOString(), end: period.end.toISOString() },
    request: (row) => digestRequest(toFacts(row, period)),
    outOf: (row, written) => noteOf(row, period, written),
    writeWith: (row, writer) => writer.writeDigest(toFacts(row, period)),
    writeDirect: (row) => writeOne(ctx, row, period),
    save: (notes) => save(ctx, period, notes),
  };
}

async function writeOne(
  ctx: JobContext,
  row: DigestCandidate,
  period: Period,
): Promise<WrittenNote | 'refused' | null> {
  const facts = toFacts(row, period);
  const writer: AiWriter = row.has_consent ? ctx.ai : ctx.template;
  if (ctx.options.dryRun) {
    // A dry run decides who gets which kind of digest; it spends no tokens and writes nothing.
    const method = row.has_consent && ctx.ai.kind === 'openai' ? 'ai' : 'template';
    ctx.tally.succeeded += 1;
    ctx.tally.count(`digests.${method}`);
    if (!row.has_consent) ctx.tally.count(NO_CONSENT_FIGURE);
    ctx.tally.result({ userId: row.user_id, logCount: row.messages, method });
    return null;
  }
  try {
    const result = await writer.writeDigest(facts, { deadline: ctx.deadline ?? undefined });
    ctx.tally.aiCall(result.attempts);
    return noteOf(row, period, result);
  } catch (error) {
    if (error instanceof QuotaExceededError) throw error;
    if (error instanceof DeadlineExceededError) return 'refused';
    // A call that failed was still a call; one that did not come through withRetry was one try.
    ctx.tally.aiCall(writer.kind === 'openai' ? (attemptsOf(error) ?? 1) : 0);
    ctx.tally.failed += 1;
    ctx.tally.error(describeError(error, 'write digest'));
    ctx.log.warn('digest failed for a user', { user: ctx.userRef(row.user_id), error: describeError(error) });
    return null;
  }
}

/** The ai_coach_notes row of a written digest. */
function noteOf(row: DigestCandidate, period: Period, result: Written<Digest>): WrittenNote {
  const facts = toFacts(row, period);
  // Only a digest written here greets the user by name: OpenAI never sees it, and its text is
  // left as it wrote it.
  const greeting =
    result.method === 'ai' ? undefined : digestGreeting(facts.voice, firstNameOf(row.first_name));
  return {
    user_id: row.user_id,
    note: digestText(result.value, greeting),
    generation_method: result.method,
    model: result.model,
    logCount: row.messages,
    noConsent: !row.has_consent,
    details: {
      sections: result.value,
      figures: { ...facts, coach: { messages: facts.coach.messages } },
      ...(result.fallbackReason ? { fallback_reason: result.fallbackReason } : {}),
      attempts: result.attempts,
    },
  };
}

async function save(ctx: JobContext, period: Period, notes: WrittenNote[]): Promise<void> {
  if (ctx.options.dryRun || notes.length === 0) return;
  const payload = notes.map(({ logCount: _logCount, noConsent: _noConsent, ...note }) => note);
  const saved = await ctx.retry('save digests', () =>
    saveDigests(ctx.db, {
      p_period_start: period.start.toISOString(),
      p_period_end: period.end.toISOString(),
      p_notes: payload,
    }),
  );
  const savedIds = new Set(saved.map((r) => r.user_id));
  ctx.tally.succeeded += savedIds.size;
  ctx.tally.skip('already_written', notes.length - savedIds.size);
  for (const note of notes) {
    if (!savedIds.has(note.user_id)) continue;
    ctx.tally.count(`digests.${note.generation_method}`);
    if (note.noConsent) ctx.tally.count(NO_CONSENT_FIGURE);
    ctx.tally.result({
      userId: note.user_id,
      digest: note.note,
      logCount: note.logCount,
      method: note.generation_method,
    });
  }
}

/** The figures the writer may use, and the user's tone and persona; never a name, email or id. */
export function toFacts(row: DigestCandidate, period: Period): DigestFacts & { voice: CoachVoice } {
  return {
    periodStart: period.start.toISOString(),
    periodEnd: period.end.toISOString(),
    workouts: { count: row.workouts, minutes: row.workout_minutes },
    meals: { count: row.meals, avgCalories: row.avg_calories },
    sleep: { nights: row.sleep_nights, avgHours: row.avg_sleep_hours },
    mood: { entries: row.mood_entries, avgMood: row.avg_mood, avgStress: row.avg_stress },
    coach: { messages: row.messages, excerpts: row.excerpts ?? [] },
    voice: voiceOf(row.coaching_tone, row.coaching_persona),
  };
}
