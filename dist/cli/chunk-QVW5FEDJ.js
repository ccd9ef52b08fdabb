import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  scrub
} from "./chunk-6IGIM6DF.js";

// src/github/errors.ts
function statusOf(error) {
  const status = error?.status;
  return typeof status === "number" ? status : void 0;
}
function describeGitHubError(error) {
  const e = error instanceof Error ? error : new Error(String(error));
  const status = statusOf(error);
  return `${status ? `HTTP ${status}: ` : ""}${scrub(e.message).split("\n")[0] ?? ""}`.slice(0, 300);
}

export {
  statusOf,
  describeGitHubError
};
