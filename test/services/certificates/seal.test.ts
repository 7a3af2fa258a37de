import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../server/logger';
import { loadCertificateSeal } from '../../../server/services/certificates/seal';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-seal-'));
/** A 1×1 PNG. */
const sealFile = path.join(dir, 'seal.png');
fs.writeFileSync(
  sealFile,
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
);

describe('the seal file, checked at start', () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const lines: string[] = [];
  const logger = createLogger('warn', { write: (line: string) => lines.push(line) });
  beforeEach(() => lines.splice(0));

  it('takes a PNG or a JPEG by its first bytes', () => {
    assert.equal(loadCertificateSeal(sealFile, logger)?.mime, 'image/png');
    const jpeg = path.join(dir, 'seal.jpg');
    fs.writeFileSync(jpeg, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]));
    assert.equal(loadCertificateSeal(jpeg, logger)?.mime, 'image/jpeg');
    assert.equal(loadCertificateSeal(undefined, logger), undefined);
    assert.deepEqual(lines, []);
  });

  it('ignores anything else with one logged warning naming the reason', () => {
    const text = path.join(dir, 'seal.png.txt');
    fs.writeFileSync(text, 'not an image');
    assert.equal(loadCertificateSeal(text, logger), undefined);
    assert.equal(loadCertificateSeal(path.join(dir, 'missing.png'), logger), undefined);
    const messages = lines.map((l) => JSON.parse(l) as { level: number; msg: string; path: string });
    assert.deepEqual(
      messages.map((m) => [m.level, m.path]),
      [
        [40, text],
        [40, path.join(dir, 'missing.png')],
      ],
    );
    assert.match(messages[0]!.msg, /CERTIFICATE_SEAL_PATH ignored: the file is not a PNG or JPEG image/);
    assert.match(messages[1]!.msg, /cannot be read \(ENOENT\)/);
  });

  it('ignores a file larger than 2 MB', () => {
    const big = path.join(dir, 'big.png');
    fs.writeFileSync(big, Buffer.concat([fs.readFileSync(sealFile), Buffer.alloc(2 * 1024 * 1024)]));
    assert.equal(loadCertificateSeal(big, logger), undefined);
    assert.match(lines.join(''), /larger than 2 MB/);
  });
});
