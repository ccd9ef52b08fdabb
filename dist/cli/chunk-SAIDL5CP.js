import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);

// src/lib/figures.ts
function pct(value) {
  return value == null ? "n/a" : `${(value * 100).toFixed(1)}%`;
}
function ms(value) {
  if (value == null) return "n/a";
  if (value < 10 && !Number.isInteger(value)) return `${value.toFixed(1)} ms`;
  return value < 1e3 ? `${Math.round(value)} ms` : `${(value / 1e3).toFixed(1)} s`;
}

export {
  pct,
  ms
};
