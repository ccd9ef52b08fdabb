import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ConfigError } from '../config.ts';
import { warnOnce } from '../lib/warnOnce.ts';
import { DbError, type SqlClient } from './types.ts';

export interface EmbeddedOptions {
  /** Says that an existing data folder was made private. @default process.emitWarning, once */
  warn?: (message: string) => void;
}

/** Group and other permission bits: nobody but the owner reads, writes or enters the data. */
const SHARED_BITS = 0o077;

/**
 * PGlite (PostgreSQL in WASM) in this process: the demo's and the laptop's database.
 * `dataDir` null keeps everything in memory (tests).
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
  const pg = new PGlite(dataDir ?? undefined);
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
