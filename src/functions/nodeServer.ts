/**
 * Serves a Web-standard handler with node:http — what `strukt-cron serve` and the tests use to
 * run the edge functions without Deno. Request bodies are streamed to the handler, so its own
 * size limit applies to the bytes that actually arrive.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Handler } from './handler.ts';

export interface NodeServer {
  /** `http://<host>:<port>`. */
  url: string;
  /** `<url>/functions/v1`, the base that `invoke --url` and the functions' paths use. */
  functionsUrl: string;
  /**
   * Stops accepting connections and resolves once the requests in flight have been answered
   * (a run in flight finishes and releases its lease). `force` drops them instead.
   */
  close(options?: { force?: boolean }): Promise<void>;
}

export interface NodeServerOptions {
  handler: Handler;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
}

/**
 * After answering without reading the whole body (401, 413, ...), this much more is read and
 * dropped so the client sees the answer; closing with unread data would reset the connection.
 */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

export async function startNodeServer(options: NodeServerOptions): Promise<NodeServer> {
  const host = options.host ?? '127.0.0.1';
  let closing = false;
  const server = createServer((req, res) => {
    serve(options.handler, req, res, () => closing).catch(() => {
      // createHandler answers every failure itself; another handler may not, and the response
      // stream itself may break. Answer if nothing was sent yet, else cut the connection.
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      res.end(JSON.stringify({ success: false, error: 'Internal error', code: 'internal' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    functionsUrl: `${url}/functions/v1`,
    close: ({ force = false } = {}) =>
      new Promise<void>((resolve, reject) => {
        closing = true;
        server.close((error) => (error ? reject(error) : resolve()));
        if (force) server.closeAllConnections();
        else server.closeIdleConnections();
      }),
  };
}

/** Only the path and query matter to the handler; the Host header is the client's to choose, so it is not used. */
const BASE = 'http://localhost';

async function serve(
  handler: Handler,
  req: IncomingMessage,
  res: ServerResponse,
  closing: () => boolean,
): Promise<void> {
  const aborted = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborted.abort();
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'authorization') continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  // Node keeps only the first of repeated Authorization headers; every one is passed on, so the
  // handler sees what Deno's Headers show (values joined by ", ") and refuses the request.
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() === 'authorization')
      headers.append('authorization', req.rawHeaders[i + 1]!);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  // A request target that is no path (e.g. `//`) reaches the handler as `/`: an unknown function.
  const target = req.url ?? '/';
  const url = URL.canParse(target, BASE) ? new URL(target, BASE) : new URL('/', BASE);
  const request = new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? bodyStream(req) : null,
    signal: aborted.signal,
    // Node's fetch requires this for a streamed request body.
    duplex: 'half',
  } as RequestInit);

  const response = await handler(request);
  res.on('finish', () => {
    if (!req.complete) drain(req);
  });
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  // An unread body cannot be followed by another request; and while closing, a kept-alive
  // connection would keep close() waiting after this answer.
  if (!req.complete || closing()) res.setHeader('connection', 'close');
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) {
        // The client went away: nothing more can reach it.
        await reader.cancel().catch(() => {});
        return;
      }
      if (!res.write(value)) {
        await new Promise((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
    }
  }
  res.end();
}

/** The request body as a Web stream that reads from the socket only as fast as it is consumed. */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once('end', () => {
        // Already cancelled by the handler: nothing is waiting for the end.
        try {
          controller.close();
        } catch {
          /* closed or cancelled */
        }
      });
      req.once('error', (error) => controller.error(error));
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel() {
      // The handler has seen enough (e.g. over the size limit): drop the rest, keep the socket.
      drain(req);
    },
  });
}

const draining = new WeakSet<IncomingMessage>();

function drain(req: IncomingMessage): void {
  if (draining.has(req)) return;
  draining.add(req);
  req.removeAllListeners('data');
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.byteLength;
    if (dropped > DRAIN_LIMIT_BYTES) req.destroy();
  });
  req.resume();
}
