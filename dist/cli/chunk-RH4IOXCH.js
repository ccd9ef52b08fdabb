import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  rowsOf,
  scalarOf
} from "./chunk-GATFU3MK.js";

// src/sql/monitoring.ts
function successRates(db, args) {
  return rowsOf(db, "cron_success_rates", args);
}
function performance(db, args) {
  return rowsOf(db, "cron_performance", args);
}
function retryRates(db, args) {
  return rowsOf(db, "cron_retry_rates", args);
}
function callRetryRates(db, args) {
  return rowsOf(db, "cron_call_retry_rates", args);
}
function recentErrors(db, args) {
  return rowsOf(db, "cron_recent_errors", args);
}
function errorAnalysis(db, args) {
  return rowsOf(db, "cron_error_analysis", args);
}
function notificationTrends(db, args) {
  return rowsOf(db, "cron_notification_trends", args);
}
function costByWeek(db, args) {
  return rowsOf(db, "cron_cost_by_week", args);
}
function aiConsentUsers(db) {
  return scalarOf(db, "cron_ai_consent_users");
}
function consentFallbacks(db, args) {
  return rowsOf(db, "cron_consent_fallbacks", args);
}

// src/monitoring/consent.ts
function countConsentingUsers(db) {
  return aiConsentUsers(db);
}
async function readConsentFigures(db, days, now) {
  const [usersWithConsent, fallbacks] = await Promise.all([
    countConsentingUsers(db),
    consentFallbacks(db, { p_days: days, p_now: now.toISOString() })
  ]);
  return { usersWithConsent, fallbacks };
}

export {
  successRates,
  performance,
  retryRates,
  callRetryRates,
  recentErrors,
  errorAnalysis,
  notificationTrends,
  costByWeek,
  countConsentingUsers,
  readConsentFigures
};
