import { access, chmod, lstat, mkdir, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../lib/errors.ts';
import { warnOnce } from '../lib/warnOnce.ts';
import { DbError, type SqlClient } from './types.ts';

export interface EmbeddedOptions {
  /** Says that an existing data folder was made private. @default process.emitWarning, once */
  warn?: (message: string) => void;
  /** Where `pglite-<version>.tar.gz` templates are looked for. @default TEMPLATES_DIR */
  templatesDir?: string;
  /** Says that a new database found no template and runs initdb. @default process.emitWarning */
  onNoTemplate?: (message: string) => void;
}

/**
 * The repository's templates folder: the data folder PGlite's initdb makes, one per PGlite version
 * (scripts/build-pglite-template.mjs). Two levels up from src/db/ and from the compiled dist/cli/.
 */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/**
 * PostgreSQL's default 128 MB of shared buffers is memory the WebAssembly instance touches and
 * keeps; the embedded database holds the demo's or a laptop's few thousand users, and the
 * operating system caches its files anyway.
 */
const START_PARAMS = ['-c', 'shared_buffers=16MB'];

/** Group and other permission bits: nobody but the owner reads, writes or enters the data. */
const SHARED_BITS = 0o077;

/**
 * PGlite (PostgreSQL in WASM) in this process: the demo's and the laptop's database.
 * `dataDir` null keeps everything in memory (tests).
 *
 * A new database is restored from the committed template of the installed PGlite version rather
 * than made by initdb, which runs a second PostgreSQL instance beside the first: that roughly
 * doubled the process's peak memory (`npm run demo` 1.1 GB) and took seconds. Without a template
 * (a PGlite upgrade not yet followed by `npm run build:pglite-template`) initdb runs as before.
 *
 * The folder is the database — profiles, messages, moods — so it is private to its owner
 * (docs/security.md): created 0700, an existing one tightened, and the files PGlite writes
 * (it gives them 0666 whatever the umask) stripped of group and other bits when it opens and
 * closes. Between the two, new files sit inside the 0700 folder, which nobody else can enter.
 */
export async function openEmbedded(
  dataDir: string | null,
  options: EmbeddedOptions = {},
): Promise<SqlClient> {
  if (dataDir) await preparePrivateFolder(dataDir, options.warn ?? warnOnce);
  // Imported here, not at the top: PGlite and its WebAssembly load only when a command uses the
  // embedded database, so `strukt-cron --help` and the real-database commands never pay for them.
  const { PGlite } = await import('@electric-sql/pglite');
  const loadDataDir = (await holdsDatabase(dataDir))
    ? undefined
    : await readTemplate(
        options.templatesDir ?? TEMPLATES_DIR,
        options.onNoTemplate ?? ((message) => process.emitWarning(message)),
      );
  const pg = new PGlite(dataDir ?? undefined, {
    loadDataDir,
    startParams: [...PGlite.defaultStartParams, ...START_PARAMS],
  });
  await pg.waitReady;
  if (dataDir) await makePrivate(dataDir);
  await pg.exec(`set timezone = 'UTC'`);
  return {
    async query<Row>(text: string, params: unknown[] = []) {
      try {
        const result = await pg.query<Row>(text, params);
        return result.rows;
      } catch (error) {
        throw embeddedError(error);
      }
    },
    async exec(text: string) {
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
    },
  };
}

async function holdsDatabase(dataDir: string | null): Promise<boolean> {
  if (!dataDir) return false;
  return access(path.join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

/** The installed `@electric-sql/pglite` version (its exports name no package.json; its wasm is beside it). */
export function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('@electric-sql/pglite/pglite.wasm'));
  return (require(path.join(dist, '..', 'package.json')) as { version: string }).version;
}

/** The initialised data folder for this PGlite version as a tarball, or undefined (initdb will run). */
async function readTemplate(dir: string, say: (message: string) => void): Promise<Blob | undefined> {
  const file = path.join(dir, `pglite-${pgliteVersion()}.tar.gz`);
  try {
    return new Blob([await readFile(file)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    say(
      `No embedded database template ${file}: creating the database with initdb, which takes longer and ` +
        'twice the memory. Expected one per PGlite version: run npm run build:pglite-template.',
    );
    return undefined;
  }
}

/**
 * Creates the folder 0700, or makes an existing one private. An open folder that holds other
 * things than a database (STRUKT_DATA_DIR pointed at a home or shared folder) is refused rather
 * than changed: its permissions are someone else's decision.
 */
async function preparePrivateFolder(dataDir: string, warn: (message: string) => void): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Windows has no such modes: chmod there only toggles read-only.
  if (process.platform === 'win32') return;
  const mode = (await lstat(dataDir)).mode & 0o777;
  if ((mode & SHARED_BITS) === 0) return;
  const entries = await readdir(dataDir);
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw new ConfigError(
      `STRUKT_DATA_DIR '${dataDir}' is open to other users (mode ${octal(mode)}) and holds files that are not ` +
        'an embedded database. Expected a new or empty folder, or one the embedded database made: it is made private (0700).',
    );
  }
  await makePrivate(dataDir);
  warn(
    `The embedded database folder '${dataDir}' was open to other users (mode ${octal(mode)}); it is now 0700.`,
  );
}

/** Strips group and other bits from the folder and everything in it; symbolic links are left alone. */
async function makePrivate(target: string): Promise<void> {
  if (process.platform === 'win32') return;
  const stat = await lstat(target);
  if (stat.isSymbolicLink()) return;
  if (stat.mode & SHARED_BITS) await chmod(target, stat.mode & 0o700);
  if (!stat.isDirectory()) return;
  for (const entry of await readdir(target)) await makePrivate(path.join(target, entry));
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}

export function embeddedError(error: unknown): DbError {
  const e = error as { message?: string; code?: string; detail?: string; hint?: string };
  return new DbError(e.message ?? String(error), {
    code: e.code,
    details: e.detail,
    hint: e.hint,
    cause: error,
  });
}
