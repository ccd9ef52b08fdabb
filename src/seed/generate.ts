/**
 * Deterministic sample data for the jobs (pure, no I/O). The same users, seed and as-of give
 * identical rows — ids and timestamps included — because everything comes from a seeded
 * generator and from as-of, never from the clock.
 *
 * Each user is drawn from its own stream (seed, index), so user i is the same whether it is
 * generated alone, in a batch or among a million: the loader streams batches, and a second
 * seed with more users extends the first one instead of contradicting it. A user's id is the
 * first draw of its stream, so it depends on seed and index only, never on as-of.
 */
import { CATEGORIES, type CategoryCounts } from './categories.ts';
import { localDaysBefore, type LocalDay } from './localDays.ts';
import { addConsents, profileRow, sampleEmail, type Identity } from './profileRows.ts';
import { createRandom, type Random } from './random.ts';
import { DAY, SAMPLE_TABLES, type SampleTables, type SampleTable } from './rows.ts';
import * as T from './texts.ts';
import { addActivity, addPlans, type Persona } from './userRows.ts';

export type * from './rows.ts';
export { SAMPLE_TABLES } from './rows.ts';
export { CATEGORIES, type Category, type CategoryCounts } from './categories.ts';
export type { Persona } from './userRows.ts';

export type RowCounts = Record<SampleTable, number>;

export interface SampleOptions {
  /** How many users. */
  users: number;
  /** Any whole number from 0 to 2^32 − 1; the same seed gives the same users. */
  seed: number;
  /** "Now" for the data: every timestamp lies in the days before it. */
  asOf: Date;
}

export interface Sample {
  tables: SampleTables;
  /** What each user was generated to be — the outcome a job test can expect, by user id. */
  personas: Persona[];
  counts: { categories: CategoryCounts; rows: RowCounts };
}

/** Sample data for users 0 … users − 1. */
export function generateSample(options: SampleOptions): Sample {
  return generateUsers(options, 0, options.users);
}

/** Sample data for users `from` … `to` − 1 only: identical to those users' rows in a whole sample. */
export function generateUsers(options: Omit<SampleOptions, 'users'>, from: number, to: number): Sample {
  const calendar = new Map<string, LocalDay[]>();
  const daysOf = (tz: string) => {
    let days = calendar.get(tz);
    if (!days) {
      days = localDaysBefore(options.asOf, tz, 31);
      calendar.set(tz, days);
    }
    return days;
  };
  const tables = emptyTables();
  const personas: Persona[] = [];
  for (let index = from; index < to; index++) {
    const rng = createRandom(options.seed, index);
    const persona = generateUser(rng, index, options, daysOf, tables);
    personas.push(persona);
  }
  return { tables, personas, counts: { categories: countCategories(personas), rows: countRows(tables) } };
}

function generateUser(
  rng: Random,
  index: number,
  options: Omit<SampleOptions, 'users'>,
  daysOf: (tz: string) => LocalDay[],
  tables: SampleTables,
): Persona {
  const id = rng.uuid();
  const asOf = options.asOf.getTime();
  const timezone = rng.weighted(T.TIMEZONE_WEIGHTS);
  const firstName = rng.pick(T.FIRST_NAMES);
  const fullName = `${firstName} ${rng.pick(T.LAST_NAMES)}`;
  const createdAt = asOf - rng.int(181, 900) * DAY - rng.int(0, DAY - 1);
  const onboardingCompleted = rng.chance(0.92);
  const who: Identity = {
    id,
    fullName,
    email: sampleEmail(fullName, index, options.seed),
    timezone,
    createdAt,
  };

  const persona: Persona = {
    id,
    index,
    timezone,
    activity: rng.weighted({ active: 70, inactive_recent: 15, inactive: 15 }),
    stress: 'calm',
    stressByMood: false,
    stressDates: [],
    consent: rng.weighted({ granted: 60, withdrawn: 10, denied: 10, none: 20 }),
    plan: rng.weighted({ no_plan: 30, fresh_plan: 40, stale_plan: 30 }),
    onboardingCompleted,
    piiInMessages: false,
  };

  tables.auth_users.push({ id, email: who.email });
  const profile = profileRow(rng, who, onboardingCompleted, asOf);
  tables.user_profiles.push(profile);
  addConsents(rng, persona, createdAt, asOf, tables);
  addActivity(rng, persona, firstName, daysOf(timezone), asOf, tables);
  addPlans(rng, persona, profile, createdAt, asOf, tables);
  return persona;
}

/** Users per category among `personas`. */
export function countCategories(personas: readonly Persona[]): CategoryCounts {
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as CategoryCounts;
  for (const p of personas) {
    counts.users++;
    counts[p.activity]++;
    counts[p.consent === 'granted' ? 'with_consent' : 'without_consent']++;
    if (p.consent === 'withdrawn') counts.consent_withdrawn++;
    if (p.stress !== 'calm') counts[p.stress]++;
    if (p.stressByMood) counts.stressed_by_mood++;
    if (p.piiInMessages) counts.pii_in_messages++;
    counts[p.plan]++;
    if (!p.onboardingCompleted) counts.onboarding_incomplete++;
  }
  return counts;
}

function countRows(tables: SampleTables): RowCounts {
  return Object.fromEntries(SAMPLE_TABLES.map((t) => [t, tables[t].length])) as RowCounts;
}

function emptyTables(): SampleTables {
  return Object.fromEntries(SAMPLE_TABLES.map((t) => [t, []])) as unknown as SampleTables;
}
