import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);

// src/lib/duration.ts
var DURATION_UNITS_MS = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 };
var CLOCK_UNITS = ["ms", "s", "m", "h"];
function durationMs(text, units = CLOCK_UNITS) {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/.exec(text.trim());
  const unit = match?.[2];
  if (!match || !unit || !units.includes(unit)) return null;
  const ms = Number(match[1]) * DURATION_UNITS_MS[unit];
  return Number.isFinite(ms) ? ms : null;
}
function lacksUnit(text) {
  return /^\d+(?:\.\d+)?$/.test(text.trim());
}
function unitMissingMessage(name, value, examples = "90s, 15m or 2h") {
  return `Invalid ${name} '${value.trim()}': expected a duration with a unit, like ${examples}.`;
}

export {
  DURATION_UNITS_MS,
  durationMs,
  lacksUnit,
  unitMissingMessage
};
