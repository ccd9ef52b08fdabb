/**
 * A TCP proxy in front of PostgreSQL that delays every chunk by half a round trip each way, so
 * a benchmark can show what a query per user costs when the database is not on localhost (a
 * GitHub runner talking to Supabase, an edge function going through PostgREST). Order is kept:
 * every chunk of a direction waits the same time.
 */
import net from 'node:net';

export interface LatencyProxy {
  /** The database URL rewritten to go through the proxy. */
  url: string;
  close(): Promise<void>;
}

export async function startLatencyProxy(databaseUrl: string, rttMs: number): Promise<LatencyProxy> {
  const target = new URL(databaseUrl);
  const host = target.hostname;
  const port = Number(target.port || 5432);
  const half = rttMs / 2;
  const sockets = new Set<net.Socket>();

  const relay = (from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk) => {
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, half);
    });
    from.on('end', () => setTimeout(() => to.end(), half));
    from.on('error', () => to.destroy());
    from.on('close', () => setTimeout(() => to.destroy(), half + 1));
  };

  const server = net.createServer((client) => {
    const upstream = net.connect(port, host);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(client).add(upstream);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
