/** A same-origin path to go back to after login, or undefined for anything else (other hosts, `//x`, `/\x`). */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 500) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  // Control characters (a tab or newline inside `/\t/evil.com`) can make browsers read another host.
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return undefined;
  return value;
}
