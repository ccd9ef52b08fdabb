const warned = new Set<string>();

/**
 * A security warning on stderr, once per process and message: for a transport that has no
 * logger but must not be silent (an unverified certificate, a data folder made private).
 */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, 'SecurityWarning');
}
