/**
 * Consent in figures: only users with an active `openai_processing` consent have data sent to
 * OpenAI; everyone else gets a template digest or the fallback plan. An operator who set
 * OPENAI_API_KEY and sees only templates reads here why (`strukt-cron report`, `verify`).
 */
import { scalar } from '../db/pages.ts';
import type { Db } from '../db/types.ts';

export interface ConsentFigures {
  /** Users with an active openai_processing consent now. */
  usersWithConsent: number;
  /** Per function over the window: its runs and the users they gave a template for lack of consent. */
  fallbacks: Array<{ function_name: string; runs: number; no_consent: number }>;
}

/** Users with an active openai_processing consent (cron_ai_consent_users). */
export function countConsentingUsers(db: Db): Promise<number> {
  return scalar<number>(db, 'cron_ai_consent_users', {});
}

/** The consent figures of the last `days` before `now`. */
export async function readConsentFigures(db: Db, days: number, now: Date): Promise<ConsentFigures> {
  const [usersWithConsent, fallbacks] = await Promise.all([
    countConsentingUsers(db),
    db.call<ConsentFigures['fallbacks'][number]>('cron_consent_fallbacks', {
      p_days: days,
      p_now: now.toISOString(),
    }),
  ]);
  return { usersWithConsent, fallbacks };
}
