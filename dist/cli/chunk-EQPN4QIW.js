import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  EXAMPLE_DAY,
  EXAMPLE_WEEK,
  clip
} from "./chunk-X6E3KAKQ.js";
import "./chunk-S2N5ZHOA.js";
import {
  humanTime
} from "./chunk-QK62JTBG.js";
import "./chunk-AB5N4OH2.js";
import {
  slotPeriodHolding
} from "./chunk-26K63QEV.js";
import {
  isCalendarDate
} from "./chunk-SIPP5JH7.js";
import "./chunk-VCRIN6ZY.js";
import "./chunk-GATFU3MK.js";
import {
  getJob
} from "./chunk-W4GVEMGZ.js";
import {
  ConfigError
} from "./chunk-X27H6HXQ.js";
import "./chunk-PUGRNUUZ.js";

// src/commands/showWeek.ts
function parsePeriod(value) {
  const text = value.trim();
  const form = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
  const ms = Date.parse(text);
  if (!form.test(text) || Number.isNaN(ms) || !isCalendarDate(text.slice(0, 10))) {
    throw new ConfigError(
      `Invalid --period '${clip(text)}'. Expected a day like ${EXAMPLE_DAY}, naming the digest week that holds it (${EXAMPLE_WEEK}), or an ISO 8601 time like 2026-11-22T20:00:00Z.`
    );
  }
  const at = text.length === 10 ? new Date(ms + 864e5 - 1) : new Date(ms);
  return weekHolding(at);
}
function weekHolding(at) {
  return slotPeriodHolding(getJob("weekly-digest").schedule, at);
}
function describeWeek(period) {
  return `${humanTime(period.start)} → ${humanTime(period.end)}`;
}
export {
  describeWeek,
  parsePeriod,
  weekHolding
};
