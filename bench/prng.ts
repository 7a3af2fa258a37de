import { Types } from 'mongoose';

/** A seeded generator (mulberry32): the same seed builds the same programme. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `n` random bytes as base64url (certificate verification codes). */
  code(n = 16): string {
    return Buffer.from(Array.from({ length: n }, () => this.int(0, 255))).toString('base64url');
  }
}

/** Deterministic ObjectIds: a fixed time part, then a counter. Unique within one generated database. */
export function idFactory(at: Date): () => Types.ObjectId {
  const time = Math.floor(at.getTime() / 1000)
    .toString(16)
    .padStart(8, '0');
  let n = 0;
  return () => new Types.ObjectId(`${time}${(n++).toString(16).padStart(16, '0')}`);
}
