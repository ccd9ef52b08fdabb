// Compiles the `strukt-cron` command (src/main.ts) into dist/cli/, which bin/strukt-cron.js runs:
// Node starts compiled JavaScript in a fraction of the time tsx takes to load and transform the
// TypeScript on every start. Committed like the action bundles, so a fresh clone runs it after
// `npm install` with no build step; CI rebuilds and fails on a diff (test/cli/compiled.test.ts).
//
// Shape: an ES module entry (main.js) and chunks, split at every dynamic import(). The commands
// import their heavy work lazily, so `strukt-cron --help` loads the entry and the command
// definitions only; the build fails if a package in LAZY_PACKAGES becomes reachable from the
// entry through static imports alone, and says through which files.
//
// Packages are inlined, except the ones that load files of their own at run time: PGlite reads
// its WebAssembly and data files beside its module (new URL('../release/pglite.wasm',
// import.meta.url)), so it stays external and is resolved from node_modules.
//
// Paths: src/db/migrations.ts and src/db/embedded.ts find migrations/ and templates/ two levels
// above their module, which holds for src/db/*.ts and for dist/cli/*.js alike; hence OUT_DIR.
//
// Usage: node scripts/build-cli.mjs [--outdir <dir>]
//   --outdir  build into <dir> instead of dist/cli (the freshness test compares).
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { build } from 'esbuild';
import { assertRelocatable, licenseNotices, packageDirOf, requireBanner, root } from './lib/bundle.mjs';

/** The committed output, two levels below the repository root (see Paths above). */
const OUT_DIR = path.join('dist', 'cli');
const OUTPUT_FILE = /^(main\.js|chunk-[A-Z0-9]+\.js|licenses\.txt)$/;

// pg-native is pg's optional binding, never installed.
const external = ['@electric-sql/pglite', 'pg-native'];

/** What `strukt-cron --help` must not load: each costs tens of milliseconds or more to import. */
const LAZY_PACKAGES = [
  '@electric-sql/pglite',
  '@octokit/rest',
  '@supabase/supabase-js',
  'openai',
  'pg',
  // Not heavy alone, but what the commands' work needs (validation, schedules): 1.2 MB together.
  'zod',
  'cron-parser',
];

function parseArgs(argv) {
  let outdir = OUT_DIR;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--outdir' && argv[i + 1]) outdir = argv[++i];
    else throw new Error(`Unexpected argument '${argv[i]}'. Expected: [--outdir <dir>]`);
  }
  return { outdir: path.resolve(outdir) };
}

/**
 * The chain of files from src/main.ts to a module of a lazy package through static imports only,
 * or null when every such package is behind a dynamic import().
 */
function staticChainToLazyPackage(metafile, entry = 'src/main.ts') {
  const inputs = metafile.inputs;
  const lazyPackageOf = (file) =>
    LAZY_PACKAGES.find((pkg) => file === pkg || packageDirOf(file)?.endsWith(`node_modules/${pkg}`));
  const previous = new Map([[entry, null]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const edge of inputs[file]?.imports ?? []) {
      if (edge.kind !== 'import-statement' && edge.kind !== 'require-call') continue;
      if (previous.has(edge.path)) continue;
      previous.set(edge.path, file);
      const pkg = lazyPackageOf(edge.path);
      if (pkg) {
        const chain = [edge.path];
        for (let at = file; at !== null; at = previous.get(at)) chain.unshift(at);
        return { pkg, chain: chain.filter((f) => f.startsWith('src/')).concat(pkg) };
      }
      if (!edge.external) queue.push(edge.path);
    }
  }
  return null;
}

async function buildCli(outdir) {
  // Chunk names carry a content hash: files of an earlier build would linger beside the new ones.
  // Only files of the build's own names go, whatever folder --outdir names.
  for (const file of await readdir(outdir).catch(() => [])) {
    if (OUTPUT_FILE.test(file)) await rm(path.join(outdir, file));
  }
  const { metafile } = await build({
    // Relative entry and working directory: esbuild's `// path` comments then name files
    // relative to the repository, so the output does not depend on where it was built.
    absWorkingDir: root,
    entryPoints: { main: 'src/main.ts' },
    outdir,
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: false,
    sourcemap: false,
    legalComments: 'eof',
    metafile: true,
    charset: 'utf8',
    banner: { js: requireBanner },
    external,
    logLevel: 'warning',
  });
  const lazy = staticChainToLazyPackage(metafile);
  if (lazy) {
    throw new Error(
      `strukt-cron --help would load ${lazy.pkg}: ${lazy.chain.join(' -> ')}. ` +
        'Expected it behind a dynamic import() in the command that needs it.',
    );
  }
  let bytes = 0;
  for (const file of (await readdir(outdir)).sort()) {
    const text = await readFile(path.join(outdir, file), 'utf8');
    assertRelocatable(path.join(outdir, file), text);
    bytes += Buffer.byteLength(text);
  }
  await writeFile(path.join(outdir, 'licenses.txt'), await licenseNotices(metafile));
  return bytes;
}

const { outdir } = parseArgs(process.argv.slice(2));
const bytes = await buildCli(outdir);
const files = (await readdir(outdir)).length;
console.log(`${path.relative(process.cwd(), outdir)}/  ${files} files, ${(bytes / 1024).toFixed(0)} KiB`);
