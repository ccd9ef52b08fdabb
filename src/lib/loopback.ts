/**
 * Which hosts may be reached without encryption: this machine only (tests, the demo, a local
 * Supabase). Every other host carries keys and personal data, so it gets https or TLS
 * (docs/security.md).
 */

/**
 * True for `localhost`, 127.0.0.0/8 and `::1` (with or without brackets). Anything else — a
 * LAN address, `host.docker.internal`, a shorthand like `127.1` — is treated as another machine.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** A URL a secret may be sent to: https, or http to this machine. */
export function isSecureHttpUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** What every error enforcing the rule expects: "an https URL like <example> (http only to …)". */
export function expectedHttpsUrl(example: string): string {
  return `an https URL like ${example} (http only to this machine: localhost, 127.0.0.1 or ::1)`;
}
