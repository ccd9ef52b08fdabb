/**
 * A reference implementation of the ORIGINAL checkUserStatus algorithm, kept only so the
 * benchmark can compare the set-based job against it. Never use it in product code: it reads
 * every message of the window into memory, matches keywords in JS at every run, and asks the
 * database once per stressed user for the cooldown (N+1).
 *
 * As the original did, it:
 * - fetches every ai_coach_logs row of the last 3 days with all columns (`select *`), and the
 *   mood logs of those days;
 * - groups them by user in memory and tests each message against one regex per stress keyword;
 * - counts stressful days by UTC calendar date (the original knew no user timezones) and does
 *   not recognise negation ("not stressed" counts);
 * - for each user with ≥ 2 stressful days, runs ONE cooldown query (any ai_coach_proactive
 *   notification in the last 3 days?), sequentially, and would insert a notification when there
 *   is none. This is a dry run: nothing is inserted.
 */
import pg from 'pg';

/** The seed's keyword list (DESIGN §5). */
export const STRESS_KEYWORDS = [
  'stress',
  'stressed',
  'anxious',
  'anxiety',
  'overwhelmed',
  'tired',
  'exhausted',
  'difficult',
  'tough',
  'hard time',
  'struggling',
  'down',
  'sad',
  'depressed',
  'frustrated',
  'angry',
  'upset',
] as const;

const KEYWORD_REGEXES = STRESS_KEYWORDS.map(
  (keyword) => new RegExp(`\\b${keyword.replace(' ', '\\s+')}\\b`, 'i'),
);

const DAY_MS = 86_400_000;
const DATE_OID = 1082;

export interface OriginalStatusResult {
  /** Rows fetched in the first two queries. */
  messages: number;
  moodLogs: number;
  /** Users with any message or mood log in the window. */
  usersSeen: number;
  /** Users with ≥ 2 stressful days: one cooldown query each. */
  stressedUsers: number;
  cooldownQueries: number;
  /** Notifications the original would have inserted. */
  wouldNotify: number;
  /** Where the time went, in ms. */
  phases: { fetchMs: number; matchMs: number; cooldownMs: number };
}

/**
 * Runs the original decision at `asOf` over its own connection to `url` (opened and closed here,
 * as the edge function did on each invocation).
 */
export async function checkUserStatusOriginal(url: string, asOf: Date): Promise<OriginalStatusResult> {
  const client = new pg.Client({ connectionString: url, options: '-c timezone=UTC' });
  // Dates stay 'YYYY-MM-DD' strings, as the original's REST client returned them.
  client.setTypeParser(DATE_OID, (value: string) => value);
  await client.connect();
  try {
    return await decide(client, asOf);
  } finally {
    await client.end();
  }
}

interface CoachLog {
  user_id: string;
  user_message: string | null;
  timestamp: Date;
}

interface MoodLog {
  user_id: string;
  date: string;
  mood_score: number | null;
  stress_level: number | null;
}

async function decide(client: pg.Client, asOf: Date): Promise<OriginalStatusResult> {
  const since = new Date(asOf.getTime() - 3 * DAY_MS);
  let t = performance.now();
  const logs = await client.query<CoachLog>(
    'select * from public.ai_coach_logs where "timestamp" >= $1 and "timestamp" < $2',
    [since, asOf],
  );
  const moods = await client.query<MoodLog>(
    'select * from public.mood_logs where date >= $1::date and date <= $2::date',
    [since.toISOString().slice(0, 10), asOf.toISOString().slice(0, 10)],
  );
  const fetchMs = performance.now() - t;

  t = performance.now();
  const stressDays = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const mark = (userId: string, day: string) => {
    let days = stressDays.get(userId);
    if (!days) stressDays.set(userId, (days = new Set()));
    days.add(day);
  };
  for (const log of logs.rows) {
    seen.add(log.user_id);
    const text = log.user_message ?? '';
    if (KEYWORD_REGEXES.some((re) => re.test(text)))
      mark(log.user_id, log.timestamp.toISOString().slice(0, 10));
  }
  for (const mood of moods.rows) {
    seen.add(mood.user_id);
    if ((mood.stress_level ?? 0) >= 7 || (mood.mood_score ?? 10) <= 3) mark(mood.user_id, mood.date);
  }
  const stressed = [...stressDays].filter(([, days]) => days.size >= 2).map(([userId]) => userId);
  const matchMs = performance.now() - t;

  t = performance.now();
  let wouldNotify = 0;
  for (const userId of stressed) {
    // One round trip per stressed user: the N+1 the set-based job removed.
    const recent = await client.query(
      `select id from public.coach_notifications
       where user_id = $1 and type = 'ai_coach_proactive' and created_at > $2 limit 1`,
      [userId, since],
    );
    if (recent.rows.length === 0) wouldNotify += 1;
  }
  const cooldownMs = performance.now() - t;

  return {
    messages: logs.rows.length,
    moodLogs: moods.rows.length,
    usersSeen: seen.size,
    stressedUsers: stressed.length,
    cooldownQueries: stressed.length,
    wouldNotify,
    phases: { fetchMs, matchMs, cooldownMs },
  };
}
