import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  migrationStatus
} from "./chunk-TKWYEAXV.js";
import {
  describeMissingObject,
  missingSchemaObject
} from "./chunk-JNB2SOGZ.js";
import "./chunk-AB5N4OH2.js";
import "./chunk-6IGIM6DF.js";
import "./chunk-PUGRNUUZ.js";

// src/db/schemaHint.ts
function describePending(statuses, missing = null) {
  const pending = statuses.filter((m) => !m.applied);
  if (pending.length === 0) {
    return missing === null ? null : `The database lacks ${missing} although all ${statuses.length} migrations are recorded as applied: something removed it after they ran. Run strukt-cron verify to see what else is missing.`;
  }
  const what = pending.length === statuses.length ? "The database has no strukt-cron schema" : "The database's strukt-cron schema is out of date";
  return `${what} (${pending.length} of ${statuses.length} migrations pending, first ${pending[0].file}): run strukt-cron db migrate.`;
}
async function pendingMigrationsHint(open, missing = null) {
  let sql;
  try {
    sql = await open();
  } catch {
    return null;
  }
  try {
    return describePending(await migrationStatus(sql), missing);
  } catch {
    return null;
  } finally {
    await sql.close().catch(() => {
    });
  }
}
async function missingSchemaHint(error, open) {
  const missing = missingSchemaObject(error);
  if (missing === null) return null;
  return await pendingMigrationsHint(open, missing) ?? describeMissingObject(error);
}
export {
  describePending,
  missingSchemaHint,
  pendingMigrationsHint
};
