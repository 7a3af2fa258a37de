/**
 * usage: res.setHeader('Content-Disposition', attachmentDisposition('수강내역_2026-Q3.csv', 'enrollments_2026-Q3.csv'))
 *
 * An attachment's Content-Disposition with both names: `filename` in plain ASCII for old clients,
 * and `filename*` (RFC 5987/6266) in UTF-8, percent-encoded, which browsers prefer, so a Korean
 * name arrives whole.
 */
export function attachmentDisposition(name: string, asciiName: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const ascii = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
