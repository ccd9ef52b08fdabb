import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Handler } from '../../src/functions/handler.ts';
import { startNodeServer, type NodeServer } from '../../src/functions/nodeServer.ts';

let server: NodeServer | undefined;
afterEach(async () => {
  await server?.close({ force: true });
  server = undefined;
});

/** A raw request, so the test controls the request target exactly. */
function rawPost(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: 'POST' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startNodeServer', () => {
  it('hands the handler the method, path, headers and the streamed body', async () => {
    const handler: Handler = async (req) => {
      const bytes = (await req.arrayBuffer()).byteLength;
      const url = new URL(req.url);
      return Response.json({
        method: req.method,
        path: url.pathname + url.search,
        auth: req.headers.get('authorization'),
        bytes,
      });
    };
    server = await startNodeServer({ handler });
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 16) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${server.functionsUrl}/checkUserStatus?x=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(await response.json()).toEqual({
      method: 'POST',
      path: '/functions/v1/checkUserStatus?x=1',
      auth: 'Bearer k',
      bytes: 16 * 64 * 1024,
    });
  });

  it('answers 500 with a JSON body when a handler throws', async () => {
    server = await startNodeServer({
      handler: async () => {
        throw new Error('secret detail');
      },
    });
    const res = await rawPost(server.url, '/functions/v1/checkUserStatus');
    expect(res).toEqual({
      status: 500,
      body: JSON.stringify({ success: false, error: 'Internal error', code: 'internal' }),
    });
  });

  it('hands a request target that is no path over as /', async () => {
    server = await startNodeServer({ handler: async (req) => new Response(new URL(req.url).pathname) });
    expect(await rawPost(server.url, '//')).toEqual({ status: 200, body: '/' });
  });

  it('lets a request in flight finish when closing', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started: () => void = () => {};
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    const s = await startNodeServer({
      handler: async () => {
        started();
        await gate;
        return Response.json({ done: true });
      },
    });
    const answer = fetch(`${s.functionsUrl}/checkUserStatus`, { method: 'POST' });
    await inFlight;
    const closed = s.close();
    release();
    const response = await answer;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await closed;
    await expect(fetch(`${s.functionsUrl}/checkUserStatus`, { method: 'POST' })).rejects.toThrow();
  });
});
