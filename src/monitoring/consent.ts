/**
 * Consent in figures: only users with an active `openai_processing` consent have data sent to
 * OpenAI; everyone else gets a template digest or the fallback plan. An operator who set
 * OPENAI_API_KEY and sees only templates reads here why (`strukt-cron report`, `verify`).
 */
import type { Db } from '../db/types.ts';
import { aiConsentUsers, consentFallbacks, type ConsentFallbackRow } from '../sql/monitoring.ts';

export interface ConsentFigures {
  /** Users with an active openai_processing consent now. */
  usersWithConsent: number;
  /** Per function over the window: its runs and the users they gave a template for lack of consent. */
  fallbacks: ConsentFallbackRow[];
}

/** Users with an active openai_processing consent (cron_ai_consent_users). */
export function countConsentingUsers(db: Db): Promise<number> {
  return aiConsentUsers(db);
}

/** The consent figures of the last `days` before `now`. */
export async function readConsentFigures(db: Db, days: number, now: Date): Promise<ConsentFigures> {
  const [usersWithConsent, fallbacks] = await Promise.all([
    countConsentingUsers(db),
    consentFallbacks(db, { p_days: days, p_now: now.toISOString() }),
  ]);
  return { usersWithConsent, fallbacks };
}
