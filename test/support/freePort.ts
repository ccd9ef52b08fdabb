import { createServer } from 'node:net';
import { listen } from './http.ts';

/** A TCP port on 127.0.0.1 that nothing listens on right now (for a private PostgreSQL cluster). */
export async function freePort(): Promise<number> {
  const server = createServer();
  const { port } = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
