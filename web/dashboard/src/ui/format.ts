/** `3 min ago`, `2 h ago` from an ISO time. */
export function ageOf(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

export function shortHash(hash: string | null): string {
  return hash === null ? '—' : hash.slice(0, 12);
}

export function listOrAny(values: readonly string[] | null, any = 'any'): string {
  if (values === null) return any;
  return values.length === 0 ? 'none' : values.join(', ');
}

/** `a, b` → `['a', 'b']`; blank → `null` (no restriction). */
export function parseList(text: string): string[] | null {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length === 0 ? null : items;
}

/** A figure for people: integers as they are, else two decimals below 10 and one above. */
export function formatted(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}
