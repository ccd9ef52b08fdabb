/**
 * The rows the sample holds, one interface per table, with STRUKT's production columns
 * (test/fixtures/strukt-production.sql) and no others. Timestamps are ISO strings and dates
 * YYYY-MM-DD, so two samples compare with deep equality. Columns left out keep their default.
 *
 * The user-local day a row belongs to, as the jobs read it (the app fills different columns
 * in rows of different ages, so each rule has a fallback):
 * - workout: the local day of `workout_date`, else `date` (rows older than workout_date have
 *   only `date`);
 * - meal: the local day of `timestamp`, else `date`;
 * - sleep log: the local day of `wake_time`, else of `created_at` (a log of duration only);
 * - mood log: `date`;
 * - coach message: the local day of `timestamp`.
 * `date` always holds the local date of the row's moment in the user's time zone.
 */
export interface AuthUserRow {
  id: string;
  /** A real project may have only id and email in auth.users; nothing else is written. */
  email: string;
}
/** Three numbers in grams, as the app stores `macro_targets` and `meals.macros`. */
export interface Macros {
  protein_g: number;
  carbs_g: number;
  fat_g: number;
}
export interface UserProfileRow {
  user_id: string;
  full_name: string | null;
  email: string;
  timezone: string;
  primary_goal: string | null;
  experience_level: 'beginner' | 'intermediate' | 'advanced' | null;
  days_per_week: number | null;
  session_minutes: number | null;
  equipment_access: string[];
  workout_location: 'home' | 'gym' | 'hybrid' | null;
  injuries: string[];
  conditions: string[];
  contraindications: string[];
  is_pregnant_or_breastfeeding: boolean;
  is_recovering_from_surgery: boolean;
  allergies: string[];
  intolerances: string[];
  diet_pattern: string | null;
  faith_diet_rules: string[];
  daily_kcal_target: number | null;
  macro_targets: Macros | null;
  coaching_tone: 'gentle' | 'direct' | 'cheerleader' | 'brief' | null;
  coaching_persona: 'strategist' | 'motivator' | 'nurturer';
  onboarding_completed: boolean;
  created_at: string;
  updated_at: string;
}
export interface UserConsentRow {
  id: string;
  user_id: string;
  consent_type: 'openai_processing' | 'analytics' | 'marketing';
  granted: boolean;
  granted_at: string | null;
  withdrawn_at: string | null;
  privacy_policy_version: string;
  created_at: string;
  updated_at: string;
}
export interface AiCoachLogRow {
  id: string;
  user_id: string;
  session_id: string;
  user_message: string;
  /** Not null in production: a failed call stores the app's apology. */
  ai_response: string;
  success: boolean;
  token_usage: number | null;
  issues: string[] | null;
  timestamp: string;
  created_at: string;
}
export interface WorkoutRow {
  id: string;
  user_id: string;
  type: string;
  /**
   * Null in rows older than the workout-detail columns; those also have no perceived_exertion,
   * distance_km or workout_date, and no exercises.
   */
  workout_type: string | null;
  duration_minutes: number;
  calories: number;
  perceived_exertion: number | null;
  exercises: { name: string; sets: number; reps: number }[];
  distance_km: number | null;
  workout_date: string | null;
  date: string;
  created_at: string;
}
export interface MealRow {
  id: string;
  user_id: string;
  meal_type: 'breakfast' | 'lunch' | 'dinner' | 'snack';
  description: string;
  calories: number;
  macros: Macros;
  source: 'manual' | 'voice' | 'photo';
  confidence: 'high' | 'medium' | 'low' | null;
  timestamp: string;
  date: string;
  created_at: string;
}
export interface SleepLogRow {
  id: string;
  user_id: string;
  duration_minutes: number;
  quality: 'poor' | 'ok' | 'great';
  bedtime: string | null;
  wake_time: string | null;
  created_at: string;
}
export interface MoodLogRow {
  id: string;
  user_id: string;
  mood_score: number;
  stress_level: number;
  notes: string | null;
  date: string;
  created_at: string;
}
export interface PlanRow {
  id: string;
  user_id: string;
  plan_data: Record<string, unknown>;
  version: number;
  generation_method: 'ai' | 'fallback' | 'manual';
  fallback_reason: string | null;
  wellness_context: Record<string, unknown> | null;
  profile_snapshot: Record<string, unknown> | null;
  is_valid: boolean;
  validation_errors: unknown[];
  created_at: string;
  updated_at: string;
}

/** One array of rows per table, in the order the loader inserts them (parents first). */
export interface SampleTables {
  auth_users: AuthUserRow[];
  user_profiles: UserProfileRow[];
  user_consents: UserConsentRow[];
  ai_coach_logs: AiCoachLogRow[];
  workouts: WorkoutRow[];
  meals: MealRow[];
  sleep_logs: SleepLogRow[];
  mood_logs: MoodLogRow[];
  plans: PlanRow[];
}
export type SampleTable = keyof SampleTables;
export const SAMPLE_TABLES: readonly SampleTable[] = [
  'auth_users',
  'user_profiles',
  'user_consents',
  'ai_coach_logs',
  'workouts',
  'meals',
  'sleep_logs',
  'mood_logs',
  'plans',
];

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
