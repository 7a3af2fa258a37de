import fs from 'node:fs';
import type { Logger } from '../../logger';

/** The certificate's seal (직인) image, read once at start. */
export interface CertificateSeal {
  image: Buffer;
  mime: 'image/png' | 'image/jpeg';
}

/** Larger than any seal scan needs; a bigger file is more likely the wrong one. */
const maxBytes = 2 * 1024 * 1024;

function imageType(bytes: Buffer): CertificateSeal['mime'] | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return undefined;
}

/**
 * The seal at CERTIFICATE_SEAL_PATH, when it is a PNG or JPEG (by its first bytes) of at most
 * 2 MB; otherwise certificates go without one and the reason is logged once, at start, so that a
 * wrong path never stops the site or breaks a certificate.
 */
export function loadCertificateSeal(sealPath: string | undefined, logger: Logger): CertificateSeal | undefined {
  if (!sealPath) return undefined;
  const ignore = (reason: string) => {
    logger.warn(
      { path: sealPath },
      `CERTIFICATE_SEAL_PATH ignored: ${reason}; certificates are printed without a seal`,
    );
    return undefined;
  };
  let image: Buffer;
  try {
    if (fs.statSync(sealPath).size > maxBytes) return ignore('the file is larger than 2 MB');
    image = fs.readFileSync(sealPath);
  } catch (err) {
    return ignore(`the file cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const mime = imageType(image);
  return mime ? { image, mime } : ignore('the file is not a PNG or JPEG image');
}
