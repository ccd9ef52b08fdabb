/**
 * Turns a run's per-user rows into the entries of an answer without `detail`: what happened and
 * with which figures, under an opaque reference instead of the user id. Web Crypto only, so the
 * same code runs on Deno, Supabase's edge runtime and Node.
 */
import type { JobName } from '../domain/jobs.ts';
import { ENTRY_FIELDS, type ResultEntry, type ResultOutcome } from './contract.ts';

const OUTCOMES: Record<JobName, { done: ResultOutcome; dry: ResultOutcome }> = {
  'weekly-digest': { done: 'written', dry: 'would_write' },
  'user-status': { done: 'queued', dry: 'would_queue' },
  'plan-refresh': { done: 'written', dry: 'would_write' },
};

/**
 * 48 bits: refs of up to 200 entries (MAX_RESULTS) collide with a chance of about 1 in 10^10,
 * and a short ref is not mistaken for the logs' `u_` user refs.
 */
const REF_BYTES = 6;

/** A copied text value must look like a code ('ai', 'high', 'ai_coach_proactive'), never free text. */
const CODE = /^[a-z][a-z0-9_]{0,39}$/;

const encoder = new TextEncoder();

/**
 * The entries of one answer, in the order of their refs: the jobs work through users in user-id
 * order, and an answer listed in that order would let someone who knows the ids match entries
 * to users by position.
 */
export async function resultEntries(
  job: JobName,
  rows: ReadonlyArray<Record<string, unknown>>,
  dryRun: boolean,
): Promise<ResultEntry[]> {
  const refOf = await answerRefs();
  const outcome = dryRun ? OUTCOMES[job].dry : OUTCOMES[job].done;
  const entries = await Promise.all(
    rows.map(async (row) => ({
      ref: await refOf(String(row.userId ?? '')),
      outcome,
      ...allowedFields(job, row),
    })),
  );
  return entries.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}

/**
 * The ref function of one answer: HMAC-SHA256 of the user id under a key made for this answer
 * alone, non-extractable and dropped with the function — never sent, logged or stored. So a ref
 * tells entries of one answer apart and nothing more: nobody (a reader of net._http_response, an
 * operator, this code) can recompute it from a user id, and one user's refs in two answers are
 * unrelated. Keying with the run id instead would hand the key to every reader, since `runId` is
 * in the same body: anyone holding a user id could then test it against the entries, and in
 * checkUserStatus's answer being listed alone means "had stressful days". Who an entry is is
 * for `detail: true`, or for the database, to tell.
 */
async function answerRefs(): Promise<(userId: string) => Promise<string>> {
  const key = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return async (userId) => {
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(userId)));
    return `r_${hex(mac.subarray(0, REF_BYTES))}`;
  };
}

/** The row's fields an entry may carry (ENTRY_FIELDS), when they hold a number or a code. */
function allowedFields(job: JobName, row: Record<string, unknown>): Partial<ResultEntry> {
  const picked: Record<string, number | string> = {};
  for (const field of ENTRY_FIELDS[job]) {
    const value = row[field];
    if (typeof value === 'number' && Number.isFinite(value)) picked[field] = value;
    else if (typeof value === 'string' && CODE.test(value)) picked[field] = value;
  }
  return picked as Partial<ResultEntry>;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
