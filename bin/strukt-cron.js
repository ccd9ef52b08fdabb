#!/usr/bin/env node
// The installed command: the compiled CLI in dist/cli (`npm run build:cli` bundles src/ with
// esbuild; CI checks that it is fresh). `npm run strukt-cron` runs the TypeScript through tsx.
import console from 'node:console';
import module from 'node:module';
import process from 'node:process';

// The dependencies (openai, supabase-js, p-queue, commander) need Node 22 or newer; on an older
// one they fail somewhere deep in a command instead of here.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `strukt-cron needs Node.js 22 or newer; this is ${process.version}. ` +
      'Expected a newer node first on the PATH (CONTRIBUTING.md: "Node").',
  );
  process.exit(2);
}

// V8 keeps the compiled code of the bundle on disk between runs (Node ≥ 22.1; a no-op where the
// cache folder cannot be written): start-up about 20 ms faster.
module.enableCompileCache?.();

await import('../dist/cli/main.js');
