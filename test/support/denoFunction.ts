import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { runServerSuites } from './database.ts';
import { findDeno, type DenoBinary } from './deno.ts';

/**
 * An edge function as Deno serves it: supabase/functions/<name>/index.ts with the deploy import
 * map, offline — `--node-modules-dir=manual` makes Deno resolve bare and `npm:` specifiers from
 * this repository's node_modules instead of downloading them, and it runs our `.ts` imports as
 * they are.
 */
export interface DenoFunction {
  /** `http://127.0.0.1:<port>` */
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../..');
const IMPORT_MAP = 'supabase/functions/import_map.json';
const START_TIMEOUT_MS = 60_000;

/**
 * The Deno of a suite, and whether the suite runs: in CI a missing Deno fails the suite with the
 * reason (startDenoFunction throws it); elsewhere it skips the suite, saying so on stderr.
 */
export async function denoForSuite(): Promise<{ deno: DenoBinary | null; run: boolean }> {
  const deno = runServerSuites ? await findDeno() : null;
  if (deno?.error && process.env.CI !== 'true') {
    console.warn(`Skipping the Deno edge-function tests: ${deno.error}`);
  }
  return { deno, run: runServerSuites && (deno?.path !== undefined || process.env.CI === 'true') };
}

export interface DenoFunctionOptions {
  /**
   * A folder the function may write to, passed as TMPDIR: what a deployed function has in /tmp
   * (batch mode spools its request file there). @default none: read-only, as before
   */
  writeDir?: string;
}

/** Starts one Deno entry and resolves once it listens, or rejects with what Deno said. */
export async function startDenoFunction(
  deno: DenoBinary | null,
  functionName: string,
  env: Record<string, string>,
  denoDir: string,
  options: DenoFunctionOptions = {},
): Promise<DenoFunction> {
  const args = [
    'run',
    '--allow-env',
    '--allow-net',
    '--allow-read',
    '--allow-sys',
    ...(options.writeDir === undefined ? [] : [`--allow-write=${options.writeDir}`]),
    '--node-modules-dir=manual',
    `--import-map=${IMPORT_MAP}`,
    `supabase/functions/${functionName}/index.ts`,
  ];
  const DENO = deno?.path;
  if (!DENO) throw new Error(`No Deno to serve supabase/functions/${functionName}: ${deno?.error}`);
  const child: ChildProcess = spawn(DENO, args, {
    cwd: ROOT,
    // Only what the function needs: none of this machine's own DATABASE_URL or keys leak in.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? denoDir,
      DENO_DIR: denoDir,
      DENO_NO_UPDATE_CHECK: '1',
      DENO_NO_PROMPT: '1',
      NO_COLOR: '1',
      STRUKT_FUNCTION_PORT: '0',
      ...(options.writeDir === undefined ? {} : { TMPDIR: options.writeDir }),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const url = await new Promise<string>((resolveUrl, reject) => {
    const fail = (why: string) =>
      reject(
        new Error(
          `Deno could not serve supabase/functions/${functionName}/index.ts offline (${why}). ` +
            `Command: ${DENO} ${args.join(' ')}\n--- Deno output ---\n${output.slice(-4000)}`,
        ),
      );
    const timer = setTimeout(
      () => fail(`no "listening" line within ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    const onData = () => {
      const match = /"message":"listening".*"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(`spawn failed: ${error.message}`);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(`exited with code ${code}`);
    });
  });
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
