import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  planTls
} from "./chunk-5ZL4US6O.js";
import {
  REPOSITORY,
  parseSwitch
} from "./chunk-KOCFN3MS.js";
import {
  expectedHttpsUrl,
  isSecureHttpUrl
} from "./chunk-SZQFPEZS.js";
import {
  durationMs
} from "./chunk-VCRIN6ZY.js";
import {
  passwordsOf,
  registerSecrets
} from "./chunk-6IGIM6DF.js";
import {
  JOBS,
  THRESHOLD_ENV_SUFFIX,
  thresholdVariable
} from "./chunk-W4GVEMGZ.js";
import {
  ConfigError
} from "./chunk-X27H6HXQ.js";
import {
  external_exports
} from "./chunk-2VMIIVX7.js";
import "./chunk-PUGRNUUZ.js";

// src/config/config.ts
var THRESHOLD_FORMAT = {
  minSuccessRate: "share",
  maxRetryRate: "share",
  maxCallRetryRate: "share",
  minCalls: "count",
  maxBatchFailedShare: "share",
  slowRunBaseMs: "duration",
  slowRunMsPerUser: "duration",
  slowRunMedianFactor: "factor",
  minRuns: "count",
  maxConsecutiveErrors: "count"
};
function parseThreshold(format, text) {
  if (format === "share") {
    const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text);
    const n2 = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
    return n2 >= 0 && n2 <= 1 ? n2 : null;
  }
  if (format === "duration") {
    const n2 = durationMs(text);
    return n2 !== null && n2 <= 24 * 36e5 ? n2 : null;
  }
  if (format === "factor") {
    const n2 = /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : NaN;
    return Number.isFinite(n2) ? n2 : null;
  }
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  return n >= 1 && n <= 1e6 ? n : null;
}
var THRESHOLD_EXPECTED = {
  share: "a share from 0 to 1 like 0.2, or a percentage like 20%",
  duration: "a duration with a unit, like 1500ms, 30s or 2m",
  factor: "a number from 0 up like 3 (0 turns the check off)",
  count: "a whole number from 1 up"
};
var THRESHOLD_VARIABLES = JOBS.flatMap(
  (job) => Object.keys(THRESHOLD_ENV_SUFFIX).map((key) => ({
    name: thresholdVariable(job.name, key),
    job: job.name,
    key
  }))
);
var SECRET_NAMES = /* @__PURE__ */ new Set([
  "SUPABASE_SERVICE_ROLE_KEY",
  "OPENAI_API_KEY",
  "STRUKT_CRON_SECRET",
  "STRUKT_LOG_REF_KEY",
  "DATABASE_URL",
  "GITHUB_TOKEN"
]);
var optional = external_exports.string().transform((v) => v.trim()).transform((v) => v === "" ? null : v).nullable().optional().transform((v) => v ?? null);
var secureUrl = (example) => optional.refine((v) => v === null || URL.canParse(v) && isSecureHttpUrl(new URL(v)), {
  message: `Expected ${expectedHttpsUrl(example)}`
});
var postgresUrl = optional.refine((v) => v === null || /^postgres(ql)?:\/\//.test(v), {
  message: "Expected a connection string starting postgres:// or postgresql://"
});
var thresholdSchema = (format) => optional.refine((v) => v === null || parseThreshold(format, v) !== null, {
  message: `Expected ${THRESHOLD_EXPECTED[format]}`
}).transform((v) => v === null ? null : parseThreshold(format, v));
var thresholdEnvSchema = external_exports.object(
  Object.fromEntries(THRESHOLD_VARIABLES.map((v) => [v.name, thresholdSchema(THRESHOLD_FORMAT[v.key])]))
);
var envSchema = external_exports.object({
  SUPABASE_URL: secureUrl("https://abcd.supabase.co"),
  SUPABASE_SERVICE_ROLE_KEY: optional,
  DATABASE_URL: postgresUrl,
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: secureUrl("https://api.openai.com/v1"),
  OPENAI_MODEL: optional.refine((v) => v === null || /^[\w.:-]+$/.test(v), {
    message: "Expected a model name like gpt-4o-mini"
  }),
  STRUKT_CRON_SECRET: optional.refine((v) => v === null || v.length >= 16, {
    message: "Expected at least 16 characters"
  }),
  STRUKT_LOG_REF_KEY: optional.refine((v) => v === null || v.length >= 16, {
    message: "Expected at least 16 characters"
  }),
  STRUKT_DATA_DIR: optional,
  STRUKT_ALLOW_INSECURE_DB: optional.refine((v) => v === null || parseAllow(v) !== null, {
    message: "Expected 1 or 0"
  }),
  STRUKT_NUDGES: optional.refine((v) => v === null || parseSwitch(v) !== null, {
    message: "Expected on or off"
  }),
  STRUKT_BATCH_DEADLINE: optional.refine((v) => v === null || parseBatchDeadline(v) !== null, {
    message: "Expected a duration from 1h to 23h with its unit, like 20h or 90m"
  }),
  GITHUB_SERVER_URL: optional,
  GITHUB_REPOSITORY: optional.refine((v) => v === null || REPOSITORY.test(v), {
    message: "Expected owner/name, like strukt/strukt-cron"
  }),
  GITHUB_RUN_ID: optional,
  GITHUB_EVENT_NAME: optional,
  GITHUB_TOKEN: optional,
  GITHUB_API_URL: optional.refine((v) => v === null || /^https?:\/\/[^\s/]+/.test(v), {
    message: "Expected an http(s) URL"
  }),
  GITHUB_REF_NAME: optional,
  GITHUB_WORKFLOW_REF: optional
});
function loadConfig(env = process.env, options = {}) {
  const secretValues = [...SECRET_NAMES].map((name) => env[name]?.trim());
  registerSecrets([...secretValues, ...passwordsOf(env.DATABASE_URL?.trim())]);
  const label = (name) => options.labels?.[name] ?? name;
  const parsed = envSchema.safeParse(env);
  const parsedThresholds = thresholdEnvSchema.safeParse(env);
  if (!parsed.success || !parsedThresholds.success) {
    const issues = [
      ...parsed.success ? [] : parsed.error.issues,
      ...parsedThresholds.success ? [] : parsedThresholds.error.issues
    ];
    const problems = issues.map((issue) => {
      const name = String(issue.path[0]);
      const came = SECRET_NAMES.has(name) ? "(value hidden)" : JSON.stringify(env[name]);
      return `${label(name)}: ${issue.message}; got ${came}`;
    });
    const what = problems.length === 1 ? "setting" : "settings";
    throw new ConfigError(`Invalid ${what}:
  ${problems.join("\n  ")}`);
  }
  const e = parsed.data;
  if (e.SUPABASE_URL !== null && e.SUPABASE_SERVICE_ROLE_KEY === null) {
    throw new ConfigError(
      `${label("SUPABASE_SERVICE_ROLE_KEY")} is not set. ${label("SUPABASE_URL")} and ${label("SUPABASE_SERVICE_ROLE_KEY")} go together (the supabase transport needs both).`
    );
  }
  const allowInsecureDatabase = e.STRUKT_ALLOW_INSECURE_DB !== null && parseAllow(e.STRUKT_ALLOW_INSECURE_DB) === true;
  if (e.DATABASE_URL !== null) {
    const tls = planTls(e.DATABASE_URL, { allowInsecure: allowInsecureDatabase });
    if ("error" in tls) throw new ConfigError(`Invalid ${label("DATABASE_URL")}: ${tls.error}.`);
  }
  const runUrl = e.GITHUB_SERVER_URL && e.GITHUB_REPOSITORY && e.GITHUB_RUN_ID ? `${e.GITHUB_SERVER_URL}/${e.GITHUB_REPOSITORY}/actions/runs/${e.GITHUB_RUN_ID}` : null;
  const thresholds = {};
  const values = parsedThresholds.data;
  for (const v of THRESHOLD_VARIABLES) {
    const value = values[v.name];
    if (typeof value === "number") thresholds[v.job] = { ...thresholds[v.job], [v.key]: value };
  }
  return {
    supabaseUrl: e.SUPABASE_URL?.replace(/\/+$/, "") ?? null,
    supabaseServiceRoleKey: e.SUPABASE_SERVICE_ROLE_KEY,
    databaseUrl: e.DATABASE_URL,
    allowInsecureDatabase,
    openaiApiKey: e.OPENAI_API_KEY,
    openaiBaseUrl: e.OPENAI_BASE_URL,
    openaiModel: e.OPENAI_MODEL ?? "gpt-4o-mini",
    cronSecret: e.STRUKT_CRON_SECRET,
    logRefKey: e.STRUKT_LOG_REF_KEY,
    dataDir: e.STRUKT_DATA_DIR ?? ".strukt/data",
    nudges: (e.STRUKT_NUDGES === null ? null : parseSwitch(e.STRUKT_NUDGES)) ?? false,
    batchDeadlineMs: (e.STRUKT_BATCH_DEADLINE === null ? null : parseBatchDeadline(e.STRUKT_BATCH_DEADLINE)) ?? DEFAULT_BATCH_DEADLINE_MS,
    github: {
      runUrl,
      eventName: e.GITHUB_EVENT_NAME,
      token: e.GITHUB_TOKEN,
      repository: e.GITHUB_REPOSITORY,
      apiUrl: e.GITHUB_API_URL,
      refName: e.GITHUB_REF_NAME,
      workflowRef: e.GITHUB_WORKFLOW_REF
    },
    thresholds
  };
}
var HOUR_MS = 36e5;
var DEFAULT_BATCH_DEADLINE_MS = 20 * HOUR_MS;
function parseBatchDeadline(text) {
  const ms = durationMs(text);
  return ms !== null && ms >= HOUR_MS && ms <= 23 * HOUR_MS ? ms : null;
}
function parseAllow(value) {
  return value === "1" ? true : value === "0" ? false : parseSwitch(value);
}
export {
  DEFAULT_BATCH_DEADLINE_MS,
  loadConfig
};
