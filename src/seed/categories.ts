// The sample users' categories, apart from the generator so that `strukt-cron seed --help` (and
// the command's output table) need not load it.

/**
 * Users per category. `with_consent` have an active openai_processing consent; everyone else
 * is `without_consent` (of whom `consent_withdrawn` granted it once, then withdrew).
 * The stress categories concern active users and the user-local days of the 3-day window:
 * `stressed_*` have evidence on that many days; `stressed_outside_window` only 4–6 days ago;
 * `negated_only`, `substring_only` and `ai_reply_only` look like evidence on 2–3 days and are not.
 */
export const CATEGORIES = [
  'users',
  'active',
  'inactive_recent',
  'inactive',
  'with_consent',
  'without_consent',
  'consent_withdrawn',
  'stressed_3_days',
  'stressed_2_days',
  'stressed_1_day',
  'stressed_outside_window',
  'stressed_by_mood',
  'negated_only',
  'substring_only',
  'ai_reply_only',
  'pii_in_messages',
  'no_plan',
  'fresh_plan',
  'stale_plan',
  'onboarding_incomplete',
] as const;
export type Category = (typeof CATEGORIES)[number];
export type CategoryCounts = Record<Category, number>;
