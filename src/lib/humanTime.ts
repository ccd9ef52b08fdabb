/**
 * A moment as a person writes it: `2026-11-30 16:02 UTC`. For issues, tables and terminals,
 * where an ISO string with milliseconds reads as machine output. Text that is not a time comes
 * back unchanged.
 */
export function humanTime(value: string | Date): string {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) return String(value);
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
