import { randomUUID } from 'node:crypto';
import type { SqlClient } from '../../src/db/types.ts';

/** Hand-built users and activity for scenario tests, written with superuser SQL. */
export interface UserSpec {
  id?: string;
  /** user_profiles.full_name. */
  fullName?: string;
  email?: string;
  timezone?: string;
  onboarding?: boolean;
  /** Active openai_processing consent. */
  consent?: boolean;
  goal?: string;
  daysPerWeek?: number;
  injuries?: string[];
}

export async function addUser(sql: SqlClient, spec: UserSpec = {}): Promise<string> {
  const id = spec.id ?? randomUUID();
  await sql.query('insert into auth.users (id, email) values ($1, $2)', [
    id,
    spec.email ?? `${id.slice(0, 8)}@example.test`,
  ]);
  await sql.query(
    `insert into user_profiles (user_id, full_name, email, timezone, primary_goal, experience_level, days_per_week,
       session_minutes, equipment_access, injuries, coaching_tone, onboarding_completed)
     values ($1, $2, $3, $4, $5, 'beginner', $6, 45, '{dumbbells}', $7, 'gentle', $8)`,
    [
      id,
      spec.fullName ?? 'Testperson Example',
      spec.email ?? `${id.slice(0, 8)}@example.test`,
      spec.timezone ?? 'UTC',
      spec.goal ?? 'general fitness',
      spec.daysPerWeek ?? 3,
      spec.injuries ?? [],
      spec.onboarding ?? true,
    ],
  );
  if (spec.consent !== undefined) {
    await sql.query(
      `insert into user_consents (user_id, consent_type, granted, granted_at) values ($1, 'openai_processing', $2, now())`,
      [id, spec.consent],
    );
  }
  return id;
}

export async function addMessage(
  sql: SqlClient,
  userId: string,
  at: string,
  userMessage: string,
  aiResponse = 'Thanks for sharing.',
): Promise<void> {
  await sql.query(
    `insert into ai_coach_logs (user_id, session_id, user_message, ai_response, "timestamp") values ($1, 's1', $2, $3, $4)`,
    [userId, userMessage, aiResponse, at],
  );
}

export async function addMood(
  sql: SqlClient,
  userId: string,
  date: string,
  mood: number,
  stress: number,
): Promise<void> {
  await sql.query(`insert into mood_logs (user_id, date, mood_score, stress_level) values ($1, $2, $3, $4)`, [
    userId,
    date,
    mood,
    stress,
  ]);
}

/**
 * A workout at the instant `at` (workouts.workout_date; workouts.date its UTC day, as the app
 * fills it). With `{ dayOnly: date }` a row the app logged by day alone: workout_date null.
 */
export async function addWorkout(
  sql: SqlClient,
  userId: string,
  at: string | { dayOnly: string },
  minutes = 40,
): Promise<void> {
  const [instant, day] = typeof at === 'string' ? [at, at.slice(0, 10)] : [null, at.dayOnly];
  await sql.query(
    `insert into workouts (user_id, type, workout_type, duration_minutes, workout_date, date)
     values ($1, 'strength', 'strength', $2, $3, $4)`,
    [userId, minutes, instant, day],
  );
}

/** A meal at the instant `at` (meals.timestamp), or by day alone (`{ dayOnly }`: timestamp null). */
export async function addMeal(
  sql: SqlClient,
  userId: string,
  at: string | { dayOnly: string },
  calories = 600,
): Promise<void> {
  const [instant, day] = typeof at === 'string' ? [at, at.slice(0, 10)] : [null, at.dayOnly];
  await sql.query(
    `insert into meals (user_id, meal_type, calories, "timestamp", date) values ($1, 'lunch', $2, $3, $4)`,
    [userId, calories, instant, day],
  );
}

/**
 * A night's sleep that ended at `wakeTime` (YYYY-MM-DD alone means 07:00 UTC that day), lasting
 * `hours`.
 */
export async function addSleep(sql: SqlClient, userId: string, wakeTime: string, hours = 7.5): Promise<void> {
  const wake = wakeTime.length === 10 ? `${wakeTime}T07:00:00Z` : wakeTime;
  await sql.query(
    `insert into sleep_logs (user_id, duration_minutes, quality, bedtime, wake_time, created_at)
     values ($1, $2, 'ok', $3::timestamptz - make_interval(mins => $2), $3, $3)`,
    [userId, Math.round(hours * 60), wake],
  );
}

export async function addPlan(
  sql: SqlClient,
  userId: string,
  version: number,
  createdAt: string,
): Promise<void> {
  await sql.query(
    `insert into plans (user_id, plan_data, version, generation_method, created_at) values ($1, '{"training":{}}', $2, 'manual', $3)`,
    [userId, version, createdAt],
  );
}

/**
 * A notification queued as the status check queues it, by cron_queue_notifications at `at`: a row
 * in coach_notifications and one in strukt.notification_ledger, which the cooldowns read. Returns
 * its id, or null when a cooldown refused it.
 */
export async function queueNotification(
  sql: SqlClient,
  userId: string,
  type: 'ai_coach_proactive' | 'nudge',
  at: string,
  message = 'checking in',
): Promise<string | null> {
  const rows = await sql.query<{ notification_id: string }>(
    `select notification_id from public.cron_queue_notifications($1, $2::jsonb)`,
    [at, JSON.stringify([{ user_id: userId, type, priority: type === 'nudge' ? 'low' : 'normal', message }])],
  );
  return rows[0]?.notification_id ?? null;
}

/** Deletes every row the jobs read or write, keeping the schema (between scenarios). */
export async function resetData(sql: SqlClient): Promise<void> {
  await sql.exec(`
    truncate coach_notifications, ai_coach_notes, plans, ai_coach_logs, workouts, meals, sleep_logs, mood_logs,
      user_consents, user_profiles, admin.system_cron_logs, cron_leases, strukt.stress_messages;
    delete from auth.users;`);
}
