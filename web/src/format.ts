// Korean number and date formatting used on every screen: 12,000개, 2025-01-28, KST.
const nf = new Intl.NumberFormat('ko-KR');

export function num(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? '-' : nf.format(n);
}
export function pcs(n: number | null | undefined): string {
  return n === null || n === undefined ? '-' : `${nf.format(n)}개`;
}
export function won(n: number | null | undefined): string {
  return n === null || n === undefined ? '-' : `${nf.format(n)}원`;
}
export function signed(n: number): string {
  return n > 0 ? `+${nf.format(n)}` : nf.format(n);
}

const KST_MS = 9 * 3600 * 1000;

/** Business date (already YYYY-MM-DD) or an instant → YYYY-MM-DD in KST. */
export function day(s: string | null | undefined): string {
  if (!s) return '-';
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  return new Date(d.getTime() + KST_MS).toISOString().slice(0, 10);
}

/** Instant → "2025-01-28 12:15" in KST. */
export function when(s: string | null | undefined): string {
  if (!s) return '-';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  return new Date(d.getTime() + KST_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Today's business date in KST. */
export function todayKst(): string {
  return new Date(Date.now() + KST_MS).toISOString().slice(0, 10);
}

const WEEKDAYS = ['일', '월', '화', '수', '목', '금', '토'];

/** Business date with its weekday, for planning: "2025-11-11 (화)". */
export function dayWithWeekday(s: string | null | undefined): string {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return day(s);
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? s : `${s} (${WEEKDAYS[d.getUTCDay()]})`;
}

/** The KST business date n days from today (negative: before). */
export function kstDayOffset(n: number): string {
  return new Date(Date.now() + KST_MS + n * 86400000).toISOString().slice(0, 10);
}
