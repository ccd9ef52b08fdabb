/**
 * The rows the sample holds, one interface per table, with the column names of the migrations.
 * Timestamps are ISO strings and dates YYYY-MM-DD, so two samples compare with deep equality.
 */
export interface AuthUserRow {
  id: string;
  email: string;
  created_at: string;
}
export interface UserProfileRow {
  user_id: string;
  first_name: string | null;
  timezone: string;
  primary_goal: string | null;
  experience_level: string | null;
  days_per_week: number | null;
  session_minutes: number | null;
  equipment_access: string[];
  injuries: string[];
  coaching_tone: string | null;
  onboarding_completed: boolean;
  created_at: string;
  updated_at: string;
}
export interface UserConsentRow {
  id: string;
  user_id: string;
  consent_type: 'openai_processing' | 'analytics' | 'marketing' | 'health_data';
  granted: boolean;
  granted_at: string | null;
  withdrawn_at: string | null;
}
export interface AiCoachLogRow {
  id: string;
  user_id: string;
  session_id: string;
  user_message: string;
  ai_response: string | null;
  success: boolean;
  token_usage: number | null;
  issues: unknown[];
  timestamp: string;
}
export interface WorkoutRow {
  id: string;
  user_id: string;
  workout_type: string;
  duration_minutes: number;
  performed_at: string;
  created_at: string;
}
export interface MealRow {
  id: string;
  user_id: string;
  meal_type: string;
  calories: number;
  logged_at: string;
}
export interface SleepLogRow {
  id: string;
  user_id: string;
  date: string;
  hours: number;
  quality: number;
  created_at: string;
}
export interface MoodLogRow {
  id: string;
  user_id: string;
  date: string;
  mood_score: number;
  stress_level: number;
  note: string | null;
  created_at: string;
}
export interface PlanRow {
  id: string;
  user_id: string;
  plan_data: Record<string, unknown>;
  version: number;
  generation_method: 'ai' | 'fallback' | 'template';
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
