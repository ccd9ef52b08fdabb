import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A migration on disk: `<14-digit version>_<name>.sql` and, in the `down/` folder beside it,
 * `<14-digit version>_<name>.down.sql`. The down scripts live in their own folder because the
 * Supabase CLI applies every `<version>_<name>.sql` directly in its migrations folder
 * (supabase/migrations is this folder): it ignores subfolders.
 */
export interface MigrationFile {
  version: string;
  name: string;
  file: string;
  up: string;
  down: string;
  /** sha256 of the up script; an applied migration whose file changed is refused. */
  checksum: string;
}

/**
 * The repository's migrations folder, two levels up from this module: from src/db when run as
 * TypeScript, from dist/cli when compiled (scripts/build-cli.mjs keeps its output at that depth).
 */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

const UP = /^(\d{14})_([a-z0-9_]+)\.sql$/;

/** Reads every migration in version order; a missing `.down.sql` is an error, not a silent gap. */
export async function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).sort();
  const downDir = join(dir, 'down');
  const downs = (await readdir(downDir).catch(() => [] as string[])).sort();
  for (const file of downs) {
    if (!file.endsWith('.down.sql')) continue;
    if (!names.includes(file.replace(/\.down\.sql$/, '.sql'))) {
      throw new Error(`Migration down/${file} has no matching up file in ${dir}.`);
    }
  }
  const migrations: MigrationFile[] = [];
  for (const file of names) {
    if (file.endsWith('.down.sql')) {
      throw new Error(
        `Migration ${file} is in ${dir}; down migrations belong in its down/ folder (the Supabase CLI would apply it).`,
      );
    }
    if (!file.endsWith('.sql')) continue;
    const match = UP.exec(file);
    if (!match) {
      throw new Error(`Invalid migration file name '${file}'. Expected <14-digit timestamp>_<name>.sql.`);
    }
    const downFile = file.replace(/\.sql$/, '.down.sql');
    if (!downs.includes(downFile)) {
      throw new Error(`Migration ${file} has no down/${downFile}: every migration must be reversible.`);
    }
    const up = await readFile(join(dir, file), 'utf8');
    const down = await readFile(join(downDir, downFile), 'utf8');
    migrations.push({
      version: match[1]!,
      name: match[2]!,
      file,
      up,
      down,
      checksum: createHash('sha256').update(up).digest('hex'),
    });
  }
  return migrations;
}
