import { PassThrough, type Writable } from 'node:stream';
import type request from 'supertest';

/** What a streaming writer (an export) writes, collected as bytes. */
export async function collectBytes(write: (out: Writable) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

/** What a streaming writer (an export) writes, collected as text. */
export async function collectText(write: (out: Writable) => Promise<void>): Promise<string> {
  return (await collectBytes(write)).toString('utf8');
}

/** A supertest body parser that keeps a binary response (zip, PDF, XLSX, CSV with BOM) as one Buffer. */
export function binaryBody(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
