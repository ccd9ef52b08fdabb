import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  scalar
} from "./chunk-DTKLSD6R.js";

// src/monitoring/consent.ts
function countConsentingUsers(db) {
  return scalar(db, "cron_ai_consent_users", {});
}
async function readConsentFigures(db, days, now) {
  const [usersWithConsent, fallbacks] = await Promise.all([
    countConsentingUsers(db),
    db.call("cron_consent_fallbacks", {
      p_days: days,
      p_now: now.toISOString()
    })
  ]);
  return { usersWithConsent, fallbacks };
}

export {
  countConsentingUsers,
  readConsentFigures
};
