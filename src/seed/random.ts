/**
 * A small seeded pseudo-random generator for sample data: the same seed gives the same
 * numbers on every machine and Node version, which `Math.random` cannot promise.
 *
 * The core is sfc32 (Chris Doty-Humphrey's "small fast counting" generator): 128 bits of
 * state, so the per-user streams below cannot collide the way a 32-bit-state generator's
 * would (100k users on 2^32 states almost surely share one, and would share uuids too).
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** One key of `weights`, chosen with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** `count` distinct elements of `items`, in random order (fewer when `items` is shorter). */
  sample<T>(items: readonly T[], count: number): T[];
  /** A uuid shaped like v4 (version and variant bits set), made from this generator's bytes. */
  uuid(): string;
}

/**
 * A generator for one (seed, stream) pair. Distinct pairs give independent sequences, so user
 * `i` can be generated on its own — the data of user 5 does not depend on how many users came
 * before it in a batch.
 */
export function createRandom(seed: number, stream = 0): Random {
  // The state is (seed, stream, constant, counter): an injective mapping, so no two pairs start
  // alike; the rounds below mix it before the first output.
  let a = seed >>> 0;
  let b = stream >>> 0;
  let c = 0x9e3779b9;
  let d = 1;
  const nextUint32 = (): number => {
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) nextUint32();

  const next = () => nextUint32() / 4_294_967_296;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('Cannot pick from an empty array.');
    return items[Math.floor(next() * items.length)] as T;
  };

  return {
    next,
    int,
    float: (min, max) => min + next() * (max - min),
    pick,
    weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
      const entries = Object.entries(weights) as [K, number][];
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [key, w] of entries) {
        r -= w;
        if (r < 0) return key;
      }
      return pick(entries)[0];
    },
    chance: (p) => next() < p,
    sample<T>(items: readonly T[], count: number): T[] {
      const pool = [...items];
      const out: T[] = [];
      while (out.length < count && pool.length > 0) {
        out.push(pool.splice(Math.floor(next() * pool.length), 1)[0] as T);
      }
      return out;
    },
    uuid() {
      const w0 = nextUint32();
      // Version 4 in the high nibble of byte 6, variant 10xx in the high bits of byte 8.
      const w1 = ((nextUint32() & 0xffff0fff) | 0x00004000) >>> 0;
      const w2 = ((nextUint32() & 0x3fffffff) | 0x80000000) >>> 0;
      const w3 = nextUint32();
      return (
        hex4(w0) + '-' + hex2(w1 >>> 16) + '-' + hex2(w1 & 0xffff) + '-' +
        hex2(w2 >>> 16) + '-' + hex2(w2 & 0xffff) + hex4(w3)
      ); // prettier-ignore
    },
  };
}

// A lookup table: uuids are the most frequent value the sample makes (1.4M for 100k users).
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Two bytes (the low 16 bits) as four hex digits. */
function hex2(x: number): string {
  return BYTE_HEX[(x >>> 8) & 0xff]! + BYTE_HEX[x & 0xff]!;
}
/** Four bytes as eight hex digits. */
function hex4(x: number): string {
  return hex2(x >>> 16) + hex2(x & 0xffff);
}
