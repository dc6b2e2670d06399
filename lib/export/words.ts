// Times as people read them in a forwarded report: "1 December 2026, 15:20 UTC", never raw ISO.
// Always UTC and always spelled out, so a reader in another time zone is never misled.

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const pad = (n: number) => String(n).padStart(2, "0");

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "1 December 2026" */
export function dateWords(iso: string): string {
  const d = parse(iso);
  return d ? `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` : iso;
}

/** "1 December 2026, 15:20 UTC" */
export function dateTimeWords(iso: string): string {
  const d = parse(iso);
  return d ? `${dateWords(iso)}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC` : iso;
}

/** "1 Dec 2026, 15:20 UTC" for table cells; "never" when the tag was never read. */
export function shortDateTime(iso: string | null | undefined): string {
  const d = parse(iso);
  if (!d) return "never";
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()].slice(0, 3)} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "2026-12-01 15:20:07" (UTC, as the column header says): a spreadsheet reads it as a date-time. */
export function csvDateTime(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? d.toISOString().slice(0, 19).replace("T", " ") : "";
}
