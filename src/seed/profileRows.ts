/**
 * A user's sign-up rows: the auth user, the onboarding profile and the consents, in STRUKT's
 * production columns. Names and emails are synthetic (example.test never resolves).
 */
import { macrosFor } from './activityRows.ts';
import type { Random } from './random.ts';
import { DAY, iso, MINUTE, type SampleTables, type UserConsentRow, type UserProfileRow } from './rows.ts';
import * as T from './texts.ts';
import type { Persona } from './userRows.ts';

/** Who signed up: what auth.users and the profile share. */
export interface Identity {
  id: string;
  fullName: string;
  email: string;
  timezone: string;
  /** Sign-up time, epoch ms. */
  createdAt: number;
}

/** A synthetic address unique per seed and user: `maya.okafor.12.s7@example.test`. */
export function sampleEmail(fullName: string, index: number, seed: number): string {
  const slug = fullName
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .replace(/ /g, '.');
  return `${slug}.${index}.s${seed}@example.test`;
}

export function profileRow(rng: Random, who: Identity, completed: boolean, asOf: number): UserProfileRow {
  const created = iso(who.createdAt + rng.int(1, 30) * MINUTE);
  // Written out in full, twice: a spread here made the 100k-user sample 40% slower to generate.
  if (!completed) {
    return {
      user_id: who.id,
      full_name: rng.chance(0.5) ? who.fullName : null,
      email: who.email,
      timezone: who.timezone,
      primary_goal: null,
      experience_level: null,
      days_per_week: null,
      session_minutes: null,
      equipment_access: [],
      workout_location: null,
      injuries: [],
      conditions: [],
      contraindications: [],
      is_pregnant_or_breastfeeding: false,
      is_recovering_from_surgery: false,
      allergies: [],
      intolerances: [],
      diet_pattern: null,
      faith_diet_rules: [],
      daily_kcal_target: null,
      macro_targets: null,
      coaching_tone: null,
      // The column's default: the app sets it before onboarding asks.
      coaching_persona: 'strategist',
      onboarding_completed: false,
      created_at: created,
      updated_at: created,
    };
  }
  const location = rng.weighted({ home: 35, gym: 40, hybrid: 25 });
  const injuries = rng.chance(0.2) ? rng.sample(T.INJURIES, 1) : [];
  const diet = rng.weighted(T.DIET_PATTERNS);
  const faith = rng.weighted(T.FAITH_DIET_RULES);
  const kcal = rng.chance(0.6) ? rng.int(30, 60) * 50 : null;
  // Half the profiles were edited since sign-up; never after as-of.
  const updated = rng.chance(0.5) ? iso(asOf - rng.int(1, 180) * DAY) : created;
  return {
    user_id: who.id,
    full_name: who.fullName,
    email: who.email,
    timezone: who.timezone,
    primary_goal: rng.pick(T.GOALS),
    experience_level: rng.pick(T.EXPERIENCE),
    days_per_week: rng.int(2, 6),
    session_minutes: rng.pick([20, 30, 45, 60, 75, 90]),
    equipment_access:
      location === 'gym'
        ? ['full_gym']
        : rng.sample(
            T.EQUIPMENT.filter((e) => e !== 'full_gym'),
            rng.int(0, 3),
          ),
    workout_location: location,
    injuries,
    conditions: rng.chance(0.1) ? rng.sample(T.CONDITIONS, 1) : [],
    contraindications: injuries.flatMap((i) => T.CONTRAINDICATIONS[i] ?? []),
    is_pregnant_or_breastfeeding: rng.chance(0.02),
    is_recovering_from_surgery: rng.chance(0.02),
    allergies: rng.chance(0.1) ? rng.sample(T.ALLERGIES, 1) : [],
    intolerances: rng.chance(0.12) ? rng.sample(T.INTOLERANCES, 1) : [],
    diet_pattern: diet === 'none' ? null : diet,
    faith_diet_rules: faith === 'none' ? [] : [faith],
    daily_kcal_target: kcal,
    macro_targets: kcal === null ? null : macrosFor(rng, kcal),
    coaching_tone: rng.pick(T.TONES),
    coaching_persona: rng.pick(T.COACH_PERSONAS),
    onboarding_completed: true,
    created_at: created,
    updated_at: updated < created ? created : updated,
  };
}

/** The persona's openai_processing consent, and other types so a job must filter on the type. */
export function addConsents(
  rng: Random,
  p: Persona,
  createdAt: number,
  asOf: number,
  tables: SampleTables,
): void {
  const answeredAt = createdAt + rng.int(2, 60) * MINUTE;
  const answered = iso(answeredAt);
  const add = (
    type: UserConsentRow['consent_type'],
    granted: boolean,
    grantedAt: string | null,
    withdrawnAt: string | null = null,
  ) =>
    tables.user_consents.push({
      id: rng.uuid(),
      user_id: p.id,
      consent_type: type,
      granted,
      granted_at: grantedAt,
      withdrawn_at: withdrawnAt,
      privacy_policy_version: rng.weighted({ '1.0': 70, '1.1': 30 }),
      created_at: answered,
      updated_at: withdrawnAt ?? answered,
    });
  if (p.consent === 'granted') {
    add('openai_processing', true, answered);
  } else if (p.consent === 'withdrawn') {
    // Withdrawn between the grant and as-of: the flag is off and both times stay on record.
    const withdrawnAt = answeredAt + Math.floor(rng.next() * (asOf - answeredAt - MINUTE));
    add('openai_processing', false, answered, iso(withdrawnAt));
  } else if (p.consent === 'denied') {
    add('openai_processing', false, null);
  }
  if (rng.chance(0.5)) {
    const granted = rng.chance(0.7);
    add('analytics', granted, granted ? answered : null);
  }
  if (rng.chance(0.3)) {
    const granted = rng.chance(0.4);
    add('marketing', granted, granted ? answered : null);
  }
}
