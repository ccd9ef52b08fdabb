import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  DbError
} from "./chunk-AB5N4OH2.js";
import {
  describeErrorChain,
  scrub
} from "./chunk-6IGIM6DF.js";

// src/db/failures.ts
var MISSING_SCHEMA_CODES = {
  "42883": "undefined_function",
  "42P01": "undefined_table",
  "3F000": "invalid_schema_name",
  "42704": "undefined_object (a type or role)",
  PGRST202: "PostgREST: no such function in the schema cache",
  PGRST205: "PostgREST: no such table in the schema cache"
};
var CONNECT_FAILURES = {
  ECONNREFUSED: { reason: "connection refused", hint: "is the server running and the port right?" },
  ENOTFOUND: { reason: "host not found", hint: "is the host name in DATABASE_URL right?" },
  EAI_AGAIN: { reason: "host name lookup failed", hint: "is the network up and the host name right?" },
  ETIMEDOUT: {
    reason: "timed out",
    hint: "can this machine reach the host (firewall, VPN, IP allow list)?"
  },
  EHOSTUNREACH: { reason: "host unreachable", hint: "can this machine reach the host (network, VPN)?" },
  ENETUNREACH: { reason: "network unreachable", hint: "can this machine reach the host (network, VPN)?" },
  "28P01": {
    reason: "password authentication failed",
    hint: "are the user and password in DATABASE_URL right?"
  },
  "28000": {
    reason: "the server refused this client",
    hint: "does the server's pg_hba.conf let this user connect from here?"
  },
  "3D000": { reason: "no such database", hint: "is the database name in DATABASE_URL right?" },
  "57P03": { reason: "the server is starting up or shutting down", hint: "try again in a minute" }
};
function codedDbError(error) {
  let current = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof DbError && current.code) return current;
    current = current.cause;
  }
  return null;
}
function triesOf(error) {
  let current = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    const e = current;
    if (typeof e.attempts === "number" && Array.isArray(e.delaysMs)) {
      const waitedMs = e.delaysMs.reduce(
        (sum, d) => sum + (typeof d === "number" ? d : 0),
        0
      );
      return { tries: e.attempts, waitedMs };
    }
    current = current.cause;
  }
  return null;
}
function isMissingSchemaError(error) {
  const db = codedDbError(error);
  return db !== null && db.code in MISSING_SCHEMA_CODES;
}
function missingSchemaObject(error) {
  const db = codedDbError(error);
  if (!db || !(db.code in MISSING_SCHEMA_CODES)) return null;
  const m = /\bfunction ([\w.]+)/.exec(db.message) ?? /(relation|schema|type|table) ["']([^"']+)["']/.exec(db.message);
  if (!m) return `an object (${db.code})`;
  return m.length === 2 ? `function ${m[1]}` : `${m[1] === "table" ? "relation" : m[1]} ${m[2]}`;
}
function describeMissingObject(error) {
  const object = missingSchemaObject(error);
  if (object === null) return null;
  const viaPostgrest = codedDbError(error).code.startsWith("PGRST");
  return `The database lacks ${object}, which the strukt-cron migrations create: run strukt-cron db migrate` + (viaPostgrest ? " with DATABASE_URL set to the project's connection string." : ".");
}
function targetOf(db) {
  const cause = db.cause;
  const host = typeof cause?.address === "string" ? cause.address : typeof cause?.hostname === "string" ? cause.hostname : "";
  if (!host) return "";
  const shown = host.includes(":") ? `[${host}]` : host;
  return typeof cause?.port === "number" ? `${shown}:${cause.port}` : shown;
}
function describeConnectFailure(error) {
  const db = codedDbError(error);
  const known = db ? CONNECT_FAILURES[db.code] : void 0;
  if (!db || !known) return null;
  const target = targetOf(db);
  const retried = triesOf(error);
  const after = retried && retried.tries > 1 ? ` after ${retried.tries} tries over ${Math.round(retried.waitedMs / 1e3)} s` : "";
  return `Could not connect to PostgreSQL${target ? ` at ${target}` : ""} (${known.reason})${after}: ${known.hint}`;
}
function explainDbFailure(error) {
  return describeConnectFailure(error) ?? describeMissingObject(error);
}
function describeFailure(error) {
  return scrub(explainDbFailure(error) ?? describeErrorChain(error));
}

export {
  isMissingSchemaError,
  missingSchemaObject,
  describeMissingObject,
  explainDbFailure,
  describeFailure
};
