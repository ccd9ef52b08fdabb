import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  isLoopbackHost
} from "./chunk-SZQFPEZS.js";

// src/db/tls.ts
import { readFileSync } from "node:fs";
var TLS_PARAMS = ["sslmode", "sslrootcert", "sslcert", "sslkey", "uselibpqcompat"];
var MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];
var FIX = "see docs/security.md";
function planTls(url, options = {}) {
  const parsed = parseUrl(url);
  if (!parsed) return { error: "Expected a connection string like postgresql://user:password@host:5432/db" };
  const params = parsed.searchParams;
  const hostname = parsed.hostname === DUMMY_HOST ? "" : parsed.hostname;
  const host = params.get("host") ?? decodeURIComponent(hostname).replace(/^\[(.*)\]$/, "$1");
  if (!host) return { error: "Expected a host, like postgresql://user:password@host:5432/db; got none" };
  const loopback = host.startsWith("/") || isLoopbackHost(host);
  if (params.has("ssl")) {
    return {
      error: `Expected sslmode=require, verify-ca or verify-full (libpq's parameter); got ssl=${params.get("ssl")}, which node-postgres reads its own way`
    };
  }
  const given = params.get("sslmode");
  if (given !== null && !MODES.includes(given)) {
    return { error: `Expected sslmode ${MODES.join(", ")}; got sslmode=${given}` };
  }
  const rootCert = params.get("sslrootcert") || null;
  const plan = {
    connectionString: withoutTlsParams(url, parsed),
    host,
    loopback,
    rootCert,
    clientCert: params.get("sslcert") || null,
    clientKey: params.get("sslkey") || null,
    warning: null
  };
  const weak = given === null || given === "allow" || given === "prefer";
  if (given === "disable" || weak && loopback && !rootCert) {
    if (loopback || options.allowInsecure) return { ...plan, mode: "disable" };
    return {
      error: `Expected TLS to ${host}, which is not this machine; got sslmode=disable. Remove it (or use sslmode=verify-full), or set STRUKT_ALLOW_INSECURE_DB=1 to send credentials and data in clear on purpose (${FIX})`
    };
  }
  if (rootCert === "system") {
    if (given !== null && given !== "verify-full") {
      return {
        error: `Expected sslmode=verify-full with sslrootcert=system (as libpq); got sslmode=${given}`
      };
    }
    return { ...plan, mode: "verify-full" };
  }
  if (given === "verify-ca" || given === "verify-full") {
    if (!rootCert) {
      return {
        error: `Expected sslrootcert=<CA file> with sslmode=${given} (for Supabase: the CA certificate from Project Settings → Database), or sslrootcert=system for a publicly signed server; got none (${FIX})`
      };
    }
    return { ...plan, mode: given };
  }
  if (rootCert) return { ...plan, mode: "verify-ca" };
  const warning = given === "require" ? null : `DATABASE_URL has no sslmode: the connection to ${host} is encrypted, but the server's certificate is not verified. Add sslmode=verify-full&sslrootcert=<CA file> to verify it (${FIX}).`;
  return { ...plan, mode: "require", warning };
}
function sslOptions(plan, readFile = (path) => readFileSync(path, "utf8")) {
  if (plan.mode === "disable") return false;
  const read = (name, path) => {
    try {
      return readFile(path);
    } catch (error) {
      throw new Error(`Could not read ${name} '${path}' named in DATABASE_URL`, { cause: error });
    }
  };
  const options = {};
  if (plan.clientCert) options.cert = read("sslcert", plan.clientCert);
  if (plan.clientKey) options.key = read("sslkey", plan.clientKey);
  if (plan.mode === "require") return { ...options, rejectUnauthorized: false };
  if (plan.rootCert && plan.rootCert !== "system") options.ca = read("sslrootcert", plan.rootCert);
  options.rejectUnauthorized = true;
  if (plan.mode === "verify-ca") options.checkServerIdentity = () => void 0;
  return options;
}
var DUMMY_HOST = "___dummy___";
function parseUrl(url) {
  try {
    return new URL(url);
  } catch {
    try {
      return new URL(url.replace("@/", `@${DUMMY_HOST}/`));
    } catch {
      return null;
    }
  }
}
function withoutTlsParams(url, parsed) {
  if (!TLS_PARAMS.some((name) => parsed.searchParams.has(name))) return url;
  const copy = new URL(parsed.href);
  for (const name of TLS_PARAMS) copy.searchParams.delete(name);
  return copy.hostname === DUMMY_HOST ? copy.href.replace(`@${DUMMY_HOST}/`, "@/") : copy.href;
}

export {
  planTls,
  sslOptions
};
