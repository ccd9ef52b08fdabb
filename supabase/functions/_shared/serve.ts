/**
 * Starts one edge function under Deno. Everything it does is in src/functions/ (shared with the
 * Node server, tested there); this file only hands Deno the handler.
 *
 * On Supabase the platform owns the listener and `Deno.serve(handler)` is all it needs. To run a
 * function on this machine instead, set STRUKT_FUNCTION_PORT (and optionally
 * STRUKT_FUNCTION_HOST, default 127.0.0.1) — project-specific names, so that no variable the
 * platform sets can move the listener.
 */
import { edgeHandler } from '../../../src/functions/edge.ts';

export function serveFunction(functionName: string): void {
  const handler = edgeHandler(Deno.env.toObject(), { functionName });
  const port = Deno.env.get('STRUKT_FUNCTION_PORT');
  if (!port) {
    Deno.serve(handler);
    return;
  }
  Deno.serve(
    {
      port: Number(port),
      hostname: Deno.env.get('STRUKT_FUNCTION_HOST') ?? '127.0.0.1',
      // One JSON line, like every other log line, so a test or a person can wait for it.
      onListen: ({ hostname, port }) =>
        console.log(
          JSON.stringify({
            level: 'info',
            message: 'listening',
            function: functionName,
            url: `http://${hostname}:${port}`,
          }),
        ),
    },
    handler,
  );
}
