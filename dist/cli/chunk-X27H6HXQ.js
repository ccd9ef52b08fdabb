import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);

// src/lib/errors.ts
var ConfigError = class extends Error {
  name = "ConfigError";
};

export {
  ConfigError
};
