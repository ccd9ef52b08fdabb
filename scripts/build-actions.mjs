// Bundles every actions/<name>/main.ts into actions/<name>/dist/index.js: GitHub runs a JavaScript
// action straight from the repository, without npm install, so the committed bundle must carry every
// dependency. CI rebuilds and fails on a diff, hence the output must be byte-for-byte reproducible.
//
// Licences: a bundle is a copy of every package it inlines, and their licences (MIT, ISC, Apache-2.0,
// BSD) ask that the notice travel with the copy. esbuild keeps the few `/*! ... */` notices in the
// code (legalComments 'eof'); the full licence text of every bundled package goes to
// <name>/dist/licenses.txt, as @vercel/ncc does.
//
// Usage: node scripts/build-actions.mjs [--outdir <dir>]
//   --outdir  build into <dir>/<name>/dist/ instead of actions/ (the freshness tests compare).
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { build } from 'esbuild';
import { assertRelocatable, licenseNotices, requireBanner as banner, root } from './lib/bundle.mjs';

// pg-native is pg's optional binding, never installed. PGlite serves only the embedded database,
// which the actions refuse (they need a real one); it stays external as a second guard.
const external = ['@electric-sql/pglite', 'pg-native'];

// src/db/open.ts loads the embedded database with a dynamic import, but in a single ESM bundle
// esbuild inlines that module and hoists its `import { PGlite } from '@electric-sql/pglite'` to a
// static top-level import, which fails at start-up on a runner without node_modules. So the
// lazily imported module is replaced by a stub that explains itself if ever called.
const noEmbeddedDatabase = {
  name: 'no-embedded-database',
  setup(b) {
    b.onResolve({ filter: /^\.\/embedded\.ts$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: 'embedded.ts', namespace: 'strukt-stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'strukt-stub' }, () => ({
      loader: 'js',
      contents:
        'export async function openEmbedded() {\n' +
        '  throw new Error("The embedded database is not part of the GitHub actions. Expected inputs " +\n' +
        "    \"'supabase-url' and 'supabase-service-role-key', or 'database-url'.\");\n" +
        '}\n',
    }));
  },
};

function parseArgs(argv) {
  let outdir = 'actions';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--outdir' && argv[i + 1]) outdir = argv[++i];
    else throw new Error(`Unexpected argument '${argv[i]}'. Expected: [--outdir <dir>]`);
  }
  return { outdir: path.resolve(outdir) };
}

async function actionNames() {
  const entries = await readdir(path.join(root, 'actions'), { withFileTypes: true });
  const names = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const main = await stat(path.join(root, 'actions', entry.name, 'main.ts')).catch(() => null);
    if (main?.isFile()) names.push(entry.name);
  }
  // Sorted so the build log and any failure come in the same order on every machine.
  return names.sort();
}

async function buildOne(name, outdir) {
  const outfile = path.join(outdir, name, 'dist', 'index.js');
  const { metafile } = await build({
    // Relative entry and working directory: esbuild's `// path` comments then name files
    // relative to the repository, so the bundle does not depend on where it was built.
    absWorkingDir: root,
    entryPoints: [`actions/${name}/main.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    minify: false,
    sourcemap: false,
    legalComments: 'eof',
    metafile: true,
    charset: 'utf8',
    banner: { js: banner },
    external,
    plugins: [noEmbeddedDatabase],
    logLevel: 'warning',
  });
  const text = await readFile(outfile, 'utf8');
  assertRelocatable(outfile, text);
  // A static import of an external package would need node_modules on the runner, which it lacks.
  const staticExternal = external.find((pkg) =>
    new RegExp(`^import .* from ["']${pkg}["'];?$`, 'm').test(text),
  );
  if (staticExternal) {
    throw new Error(
      `${outfile} imports ${staticExternal} at start-up. Expected it bundled or never imported.`,
    );
  }
  await writeFile(path.join(outdir, name, 'dist', 'licenses.txt'), await licenseNotices(metafile));
  return { name, outfile, bytes: Buffer.byteLength(text) };
}

const { outdir } = parseArgs(process.argv.slice(2));
const names = await actionNames();
if (names.length === 0) throw new Error(`No actions/*/main.ts found under ${root}.`);
for (const name of names) {
  const { outfile, bytes } = await buildOne(name, outdir);
  console.log(`${path.relative(process.cwd(), outfile)}  ${(bytes / 1024).toFixed(0)} KiB`);
}
