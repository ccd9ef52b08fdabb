/**
 * The small HTTP pieces the fake servers share (fakeGitHub, fakeOpenAI, postgrestGateway and the
 * stubs of single tests): read a request's body, answer JSON, listen on a free port of
 * 127.0.0.1 and close without waiting for keep-alive connections. Test support only.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Server as NetServer } from 'node:net';

export interface ReadBodyOptions {
  /** Bytes past which reading stops and `tooLarge()` is thrown. @default no limit */
  maxBytes?: number;
  /** The error a body over `maxBytes` throws, in the fake's own terms. */
  tooLarge?: () => Error;
}

/** A request's body as UTF-8 text ('' for none). */
export async function readBody(req: IncomingMessage, options: ReadBodyOptions = {}): Promise<string> {
  return (await readBodyBytes(req, options)).toString('utf8');
}

/** A request's body as bytes (empty for none): for bodies that are not text, e.g. multipart uploads. */
export async function readBodyBytes(req: IncomingMessage, options: ReadBodyOptions = {}): Promise<Buffer> {
  const { maxBytes = Infinity, tooLarge = () => new Error(`Request body over ${maxBytes} bytes`) } = options;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export type JsonObjectParse =
  { ok: true; value: Record<string, unknown> } | { ok: false; problem: 'invalid json' | 'not an object' };

/** Text that should hold a JSON object; each fake says in its own words what was wrong. */
export function parseJsonObject(text: string): JsonObjectParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'invalid json' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, problem: 'not an object' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** Answers with `text`, already JSON, as `application/json; charset=utf-8`; `headers` may override. */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

/** Answers with `body` as JSON; `headers` may override the content type. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** Starts `server` on a free port of 127.0.0.1; rejects if it cannot listen. */
export async function listen(server: NetServer): Promise<{ port: number; url: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as { port: number };
  return { port, url: `http://127.0.0.1:${port}` };
}

/**
 * Stops `server` at once: fetch keeps connections alive, and without dropping them close()
 * would wait for them to time out. Rejects as `server.close` does (e.g. a server not running).
 */
export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
