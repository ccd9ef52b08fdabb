import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);

// src/seed/categories.ts
var CATEGORIES = [
  "users",
  "active",
  "inactive_recent",
  "inactive",
  "with_consent",
  "without_consent",
  "consent_withdrawn",
  "stressed_3_days",
  "stressed_2_days",
  "stressed_1_day",
  "stressed_outside_window",
  "stressed_by_mood",
  "negated_only",
  "substring_only",
  "ai_reply_only",
  "pii_in_messages",
  "no_plan",
  "fresh_plan",
  "stale_plan",
  "onboarding_incomplete"
];

// src/seed/rows.ts
var SAMPLE_TABLES = [
  "auth_users",
  "user_profiles",
  "user_consents",
  "ai_coach_logs",
  "workouts",
  "meals",
  "sleep_logs",
  "mood_logs",
  "plans"
];
var MINUTE = 6e4;
var HOUR = 60 * MINUTE;
var DAY = 24 * HOUR;
function iso(ms) {
  return new Date(ms).toISOString();
}

export {
  CATEGORIES,
  SAMPLE_TABLES,
  MINUTE,
  HOUR,
  DAY,
  iso
};
