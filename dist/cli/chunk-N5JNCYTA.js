import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import "./chunk-PUGRNUUZ.js";

// src/functions/nodeServer.ts
import { createServer } from "node:http";
var DRAIN_LIMIT_BYTES = 1024 * 1024;
async function startNodeServer(options) {
  const host = options.host ?? "127.0.0.1";
  let closing = false;
  const server = createServer((req, res) => {
    serve(options.handler, req, res, () => closing).catch(() => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { "content-type": "application/json; charset=utf-8", connection: "close" });
      res.end(JSON.stringify({ success: false, error: "Internal error", code: "internal" }));
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address();
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url,
    functionsUrl: `${url}/functions/v1`,
    close: ({ force = false } = {}) => new Promise((resolve, reject) => {
      closing = true;
      server.close((error) => error ? reject(error) : resolve());
      if (force) server.closeAllConnections();
      else server.closeIdleConnections();
    })
  };
}
var BASE = "http://localhost";
async function serve(handler, req, res, closing) {
  const aborted = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) aborted.abort();
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === void 0 || name === "authorization") continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() === "authorization")
      headers.append("authorization", req.rawHeaders[i + 1]);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const target = req.url ?? "/";
  const url = URL.canParse(target, BASE) ? new URL(target, BASE) : new URL("/", BASE);
  const request = new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? bodyStream(req) : null,
    signal: aborted.signal,
    // Node's fetch requires this for a streamed request body.
    duplex: "half"
  });
  const response = await handler(request);
  res.on("finish", () => {
    if (!req.complete) drain(req);
  });
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (!req.complete || closing()) res.setHeader("connection", "close");
  if (response.body) {
    const reader = response.body.getReader();
    for (; ; ) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) {
        await reader.cancel().catch(() => {
        });
        return;
      }
      if (!res.write(value)) {
        await new Promise((resolve) => {
          res.once("drain", resolve);
          res.once("close", resolve);
        });
      }
    }
  }
  res.end();
}
function bodyStream(req) {
  return new ReadableStream({
    start(controller) {
      req.on("data", (chunk) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once("end", () => {
        try {
          controller.close();
        } catch {
        }
      });
      req.once("error", (error) => controller.error(error));
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel() {
      drain(req);
    }
  });
}
var draining = /* @__PURE__ */ new WeakSet();
function drain(req) {
  if (draining.has(req)) return;
  draining.add(req);
  req.removeAllListeners("data");
  let dropped = 0;
  req.on("data", (chunk) => {
    dropped += chunk.byteLength;
    if (dropped > DRAIN_LIMIT_BYTES) req.destroy();
  });
  req.resume();
}
export {
  startNodeServer
};
