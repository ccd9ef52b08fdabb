import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);

// src/lib/sanitize.ts
var UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
var EMAIL = /[\w.%+-]+@[\w.-]+\.[a-z]{2,}/gi;
var JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/g;
var SECRET = /(?:(?<![A-Za-z0-9])|(?<=%[0-9A-Fa-f]{2}))(?:sk|pk|rk)-[\w-]{8,}/g;
var GITHUB_TOKEN = /(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,})/g;
var SUPABASE_KEY = /sb_(?:secret|publishable)_[\w-]+/g;
var MIN_SECRET_CHARS = 8;
var secrets = [];
function registerSecrets(values) {
  for (const value of values) {
    if (typeof value !== "string" || value.length < MIN_SECRET_CHARS || secrets.includes(value)) continue;
    secrets.push(value);
  }
  secrets.sort((a, b) => b.length - a.length);
}
function passwordsOf(url) {
  if (!url || !URL.canParse(url)) return [];
  const written = new URL(url).password;
  if (!written) return [];
  let decoded = written;
  try {
    decoded = decodeURIComponent(written);
  } catch {
  }
  return [.../* @__PURE__ */ new Set([written, decoded])];
}
function describeError(error, label) {
  const e = error instanceof Error ? error : new Error(String(error));
  const state = sqlStateOf(e);
  const code = state ? ` ${state}` : "";
  const first = (scrub(e.message).split("\n")[0] ?? "").slice(0, 240);
  const text = `${label ? `${label}: ` : ""}${e.name}${code}: ${first}`;
  return scrub(text);
}
function describeErrorChain(error) {
  const parts = [];
  let current = error;
  for (let depth = 0; current != null && depth < 8 && parts.length < 4; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    if (!parts.some((part) => part.includes(message))) parts.push(message);
    current = current instanceof Error ? current.cause : null;
  }
  return scrub(parts.length > 0 ? parts.join("\n  caused by: ") : String(error));
}
function scrub(text) {
  let masked = text;
  for (const secret of secrets) masked = masked.split(secret).join("[secret]");
  return masked.replace(JWT, "[jwt]").replace(SUPABASE_KEY, "[key]").replace(GITHUB_TOKEN, "[key]").replace(SECRET, "[key]").replace(EMAIL, "[email]").replace(UUID, "[id]");
}
function sqlStateOf(error) {
  const code = error.code;
  return error.name === "DbError" && typeof code === "string" && code !== "" ? code : null;
}

export {
  registerSecrets,
  passwordsOf,
  describeError,
  describeErrorChain,
  scrub
};
