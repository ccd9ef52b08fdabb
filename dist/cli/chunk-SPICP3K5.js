import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  warnOnce
} from "./chunk-F7JHRHR3.js";
import {
  DbError
} from "./chunk-AB5N4OH2.js";
import {
  ConfigError
} from "./chunk-X27H6HXQ.js";

// src/db/embedded.ts
import { access, chmod, lstat, mkdir, readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
var TEMPLATES_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));
var START_PARAMS = ["-c", "shared_buffers=16MB"];
var SHARED_BITS = 63;
async function openEmbedded(dataDir, options = {}) {
  if (dataDir) await preparePrivateFolder(dataDir, options.warn ?? warnOnce);
  const { PGlite } = await import("@electric-sql/pglite");
  const loadDataDir = await holdsDatabase(dataDir) ? void 0 : await readTemplate(
    options.templatesDir ?? TEMPLATES_DIR,
    options.onNoTemplate ?? ((message) => process.emitWarning(message))
  );
  const pg = new PGlite(dataDir ?? void 0, {
    loadDataDir,
    startParams: [...PGlite.defaultStartParams, ...START_PARAMS]
  });
  await pg.waitReady;
  if (dataDir) await makePrivate(dataDir);
  await pg.exec(`set timezone = 'UTC'`);
  return {
    async query(text, params = []) {
      try {
        const result = await pg.query(text, params);
        return result.rows;
      } catch (error) {
        throw embeddedError(error);
      }
    },
    async exec(text) {
      try {
        await pg.exec(text);
      } catch (error) {
        throw embeddedError(error);
      }
    },
    async close() {
      if (pg.closed) return;
      await pg.close();
      if (dataDir) await makePrivate(dataDir);
    }
  };
}
async function holdsDatabase(dataDir) {
  if (!dataDir) return false;
  return access(path.join(dataDir, "PG_VERSION")).then(
    () => true,
    () => false
  );
}
function pgliteVersion() {
  const require2 = createRequire(import.meta.url);
  const dist = path.dirname(require2.resolve("@electric-sql/pglite/pglite.wasm"));
  return require2(path.join(dist, "..", "package.json")).version;
}
async function readTemplate(dir, say) {
  const file = path.join(dir, `pglite-${pgliteVersion()}.tar.gz`);
  try {
    return new Blob([await readFile(file)]);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
    say(
      `No embedded database template ${file}: creating the database with initdb, which takes longer and twice the memory. Expected one per PGlite version: run npm run build:pglite-template.`
    );
    return void 0;
  }
}
async function preparePrivateFolder(dataDir, warn) {
  await mkdir(dataDir, { recursive: true, mode: 448 });
  if (process.platform === "win32") return;
  const mode = (await lstat(dataDir)).mode & 511;
  if ((mode & SHARED_BITS) === 0) return;
  const entries = await readdir(dataDir);
  if (entries.length > 0 && !entries.includes("PG_VERSION")) {
    throw new ConfigError(
      `STRUKT_DATA_DIR '${dataDir}' is open to other users (mode ${octal(mode)}) and holds files that are not an embedded database. Expected a new or empty folder, or one the embedded database made: it is made private (0700).`
    );
  }
  await makePrivate(dataDir);
  warn(
    `The embedded database folder '${dataDir}' was open to other users (mode ${octal(mode)}); it is now 0700.`
  );
}
async function makePrivate(target) {
  if (process.platform === "win32") return;
  const stat = await lstat(target);
  if (stat.isSymbolicLink()) return;
  if (stat.mode & SHARED_BITS) await chmod(target, stat.mode & 448);
  if (!stat.isDirectory()) return;
  for (const entry of await readdir(target)) await makePrivate(path.join(target, entry));
}
function octal(mode) {
  return `0${mode.toString(8).padStart(3, "0")}`;
}
function embeddedError(error) {
  const e = error;
  return new DbError(e.message ?? String(error), {
    code: e.code,
    details: e.detail,
    hint: e.hint,
    cause: error
  });
}

export {
  TEMPLATES_DIR,
  openEmbedded,
  pgliteVersion,
  embeddedError
};
