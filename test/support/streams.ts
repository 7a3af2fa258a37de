import { PassThrough, type Writable } from 'node:stream';

/** What a streaming writer (an export) writes, collected as text. */
export async function collectText(write: (out: Writable) => Promise<void>): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks).toString('utf8');
}
