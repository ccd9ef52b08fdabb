// Writes templates/pglite-<version>.tar.gz: the data folder PGlite's initdb makes, for the installed
// version of @electric-sql/pglite. A new embedded database (the demo, a laptop's STRUKT_DATA_DIR, the
// tests' in-memory ones) is restored from it instead of running initdb, which doubles PGlite's
// memory for a few seconds (a second PostgreSQL instance beside the first): `npm run demo` peaked
// at 1.1 GB with initdb and stays under 500 MB without it (docs/benchmarks.md).
//
// The file is committed: initdb output is not byte-reproducible (a random system identifier,
// file times), so it is made once per PGlite version, not rebuilt and compared like the bundles.
// After an upgrade of @electric-sql/pglite run `npm run build:pglite-template`, commit the new file
// and delete the old one; test/db/embeddedTemplate.test.ts fails until then.
//
// Usage: node scripts/build-pglite-template.mjs
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { version } = require(
  path.join(path.dirname(require.resolve('@electric-sql/pglite/pglite.wasm')), '..', 'package.json'),
);

const dir = path.join(root, 'templates');
const file = path.join(dir, `pglite-${version}.tar.gz`);
const pg = new PGlite();
await pg.waitReady;
// A checkpoint first, so the write-ahead log the template carries holds nothing to replay.
await pg.exec('checkpoint');
const dump = await pg.dumpDataDir('gzip');
await pg.close();
await mkdir(dir, { recursive: true });
for (const old of await readdir(dir)) {
  if (/^pglite-.*\.tar\.gz$/.test(old) && old !== path.basename(file)) await rm(path.join(dir, old));
}
await writeFile(file, Buffer.from(await dump.arrayBuffer()));
console.log(`${path.relative(process.cwd(), file)}  ${(dump.size / 1024 / 1024).toFixed(1)} MiB`);
