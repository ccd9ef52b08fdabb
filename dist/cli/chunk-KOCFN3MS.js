import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  ConfigError
} from "./chunk-X27H6HXQ.js";

// src/config/switches.ts
var REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
function parseSwitch(value) {
  const v = value.trim().toLowerCase();
  if (v === "on" || v === "true") return true;
  if (v === "off" || v === "false") return false;
  return null;
}
function parseOnOff(value, name) {
  if (value === void 0 || value === null || value.trim() === "") return null;
  const on = parseSwitch(value);
  if (on === null)
    throw new ConfigError(`Invalid ${name} '${value.trim().slice(0, 60)}'. Expected on or off.`);
  return on;
}

export {
  REPOSITORY,
  parseSwitch,
  parseOnOff
};
