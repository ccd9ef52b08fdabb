/**
 * The handler of one deployed edge function, built from the function's environment. The Deno
 * entries in supabase/functions/* call this and nothing else, so everything testable lives here.
 */
import { loadConfig } from '../config/config.ts';
import { ConfigError } from '../lib/errors.ts';
import { createLogger, type Logger } from '../lib/logger.ts';
import { createHandler, type Handler, type HandlerDeps } from './handler.ts';

export interface EdgeOptions {
  /** The function this deployment is, e.g. `checkUserStatus`; it answers for no other. */
  functionName: string;
  /** @default one JSON line per entry on stdout (Supabase's function logs) */
  log?: Logger;
  /** Anything else the handler takes (tests). */
  overrides?: Partial<Omit<HandlerDeps, 'config' | 'log' | 'functions'>>;
}

/**
 * Reads the configuration once. A bad environment does not crash the function at boot (which
 * Supabase reports only as a 503): every request gets a 500 that says where to look, and the
 * log says what is wrong. Callers are not authenticated at that point, so they learn nothing more.
 */
export function edgeHandler(env: Record<string, string | undefined>, options: EdgeOptions): Handler {
  const log = options.log ?? createLogger((line) => console.log(line));
  try {
    const config = loadConfig(env);
    return createHandler({ ...options.overrides, config, log, functions: [options.functionName] });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error('invalid configuration; answering 500 to every request', {
      function: options.functionName,
      error: error.message,
    });
    const body = JSON.stringify({
      success: false,
      error: "Server misconfigured: see the function's logs.",
      code: 'misconfigured',
    });
    return async () =>
      new Response(body, { status: 500, headers: { 'content-type': 'application/json; charset=utf-8' } });
  }
}
