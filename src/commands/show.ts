import { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { openDb } from '../db/open.ts';
import type { Db } from '../db/types.ts';
import { ConfigError } from '../lib/errors.ts';
import { humanTime } from '../lib/humanTime.ts';
import {
  readUserDigests,
  readUserNotifications,
  readUserPlans,
  type UserOutputQuery,
} from '../sql/userOutput.ts';

export interface ShowDeps {
  config: () => Config;
  /** The operator's terminal (stdout): the only place what `show` reads is written to. */
  print: (line: string) => void;
}

interface ShowFlags {
  user: string;
  period?: string;
  limit?: string;
  json?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The day `--period` is shown with, and the digest week it names (checked against the schedule by test/commands/showWeek.test.ts). */
export const EXAMPLE_DAY = '2026-11-23';
export const EXAMPLE_WEEK = '2026-11-22 20:00 UTC → 2026-11-29 20:00 UTC';
const MAX_LIMIT = 100;

const PRIVACY_NOTE =
  '\nThis prints personal data — digest text, plans, notification messages — to this terminal, on\n' +
  'purpose: it is an operator command. Nothing of it is logged, recorded in admin.system_cron_logs or\n' +
  'sent anywhere else; mind where you paste it. Works on every transport, the embedded database\n' +
  'included (no psql needed).';

interface Kind {
  name: string;
  description: string;
  /** What the user has none of, for the "nothing found" line. */
  noun: string;
  /** The rows' key in the JSON output. */
  jsonKey: string;
  defaultLimit: number;
  read: (db: Db, q: UserOutputQuery) => Promise<unknown[]>;
  render: (rows: never[]) => string[];
}

const KINDS: Kind[] = [
  {
    name: 'digest',
    description: "print a user's weekly digest: the newest, or the one of --period",
    noun: 'weekly digest',
    jsonKey: 'digests',
    defaultLimit: 1,
    read: readUserDigests,
    render: (rows: Awaited<ReturnType<typeof readUserDigests>>) =>
      rows.flatMap((d, i) => [
        ...(i > 0 ? ['', '---', ''] : []),
        `Week ${d.period_start ? humanTime(d.period_start) : '(no period: written by the app)'}` +
          `${d.period_end ? ` → ${humanTime(d.period_end)}` : ''}`,
        `Written ${humanTime(d.created_at)} by ${d.generation_method ?? 'unknown'}${d.model ? ` (${d.model})` : ''}`,
        '',
        d.note,
      ]),
  },
  {
    name: 'plan',
    description: "print a user's plan: the newest version, or those written in --period's week",
    noun: 'plan',
    jsonKey: 'plans',
    defaultLimit: 1,
    read: readUserPlans,
    render: (rows: Awaited<ReturnType<typeof readUserPlans>>) =>
      rows.flatMap((p, i) => [
        ...(i > 0 ? ['', '---', ''] : []),
        `Version ${p.version}, written ${p.created_at ? humanTime(p.created_at) : '(no time)'} by ` +
          `${p.generation_method ?? 'unknown'}${p.is_valid === false ? ', marked invalid' : ''}`,
        ...(p.fallback_reason ? [`Fallback reason: ${p.fallback_reason}`] : []),
        '',
        JSON.stringify(p.plan_data, null, 2),
      ]),
  },
  {
    name: 'notifications',
    description: "print a user's coach notifications, newest first, or those of --period's week",
    noun: 'coach notification',
    jsonKey: 'notifications',
    defaultLimit: 20,
    read: readUserNotifications,
    render: (rows: Awaited<ReturnType<typeof readUserNotifications>>) =>
      rows.flatMap((n) => [
        `${humanTime(n.created_at)}  ${n.type}  priority ${n.priority ?? '—'}  ${n.status ?? '—'}  ${n.delivery_channel ?? '—'}`,
        `  ${n.message}`,
      ]),
  },
];

/** `strukt-cron show digest|plan|notifications --user <id>`: what the jobs wrote for one user. */
export function showCommand(deps: ShowDeps): Command {
  const show = new Command('show')
    .description('print what the jobs wrote for one user: digest, plan or notifications (personal data)')
    .addHelpText('after', PRIVACY_NOTE);
  for (const kind of KINDS) show.addCommand(kindCommand(kind, deps));
  return show;
}

function kindCommand(kind: Kind, deps: ShowDeps): Command {
  return new Command(kind.name)
    .description(kind.description)
    .requiredOption('--user <id>', "the user's id (UUID)")
    .option('--period <date>', `a digest week, named by a day in it, e.g. ${EXAMPLE_DAY} (${EXAMPLE_WEEK})`)
    .option('--limit <n>', `most rows shown, 1 to ${MAX_LIMIT}`, String(kind.defaultLimit))
    .option('--json', 'print the rows as JSON')
    .addHelpText('after', PRIVACY_NOTE)
    .action(async (flags: ShowFlags) => {
      // Loaded here: weeks come from the digest's schedule (cron-parser), which --help never needs.
      const { describeWeek, parsePeriod } = await import('./showWeek.ts');
      const query: UserOutputQuery = {
        userId: parseUser(flags.user),
        period: flags.period === undefined ? null : parsePeriod(flags.period),
        limit: parseLimit(flags.limit ?? String(kind.defaultLimit)),
      };
      const db = await openDb(deps.config());
      let rows: unknown[];
      try {
        rows = await kind.read(db, query);
      } finally {
        await db.close();
      }
      if (flags.json) {
        deps.print(
          JSON.stringify({ user_id: query.userId, period: query.period, [kind.jsonKey]: rows }, null, 2),
        );
        return;
      }
      const within = query.period ? ` in the week ${describeWeek(query.period)}` : '';
      if (rows.length === 0) {
        deps.print(`No ${kind.noun} for user ${query.userId}${within}.`);
        return;
      }
      deps.print(
        [
          `${capitalise(kind.noun)}${rows.length > 1 ? 's' : ''} of user ${query.userId}${within}${rows.length > 1 ? ', newest first' : ''}`,
          '',
        ]
          .concat(kind.render(rows as never[]))
          .join('\n'),
      );
    });
}

/** `--user`: one user id, as the database stores it. */
export function parseUser(value: string): string {
  const text = value.trim();
  if (!UUID.test(text)) {
    throw new ConfigError(
      `Invalid --user '${clip(text)}'. Expected a user id: a UUID, 32 hex digits in groups of 8-4-4-4-12 separated by dashes.`,
    );
  }
  return text.toLowerCase();
}

function parseLimit(value: string): number {
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > MAX_LIMIT) {
    throw new ConfigError(
      `Invalid --limit '${clip(value)}'. Expected a whole number from 1 to ${MAX_LIMIT}.`,
    );
  }
  return n;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
