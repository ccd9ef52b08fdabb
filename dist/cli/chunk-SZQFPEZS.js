import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);

// src/lib/loopback.ts
function isLoopbackHost(host) {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
function isSecureHttpUrl(url) {
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && isLoopbackHost(url.hostname);
}
function expectedHttpsUrl(example) {
  return `an https URL like ${example} (http only to this machine: localhost, 127.0.0.1 or ::1)`;
}

export {
  isLoopbackHost,
  isSecureHttpUrl,
  expectedHttpsUrl
};
