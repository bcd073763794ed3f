/**
 * A small seeded pseudo-random generator (sfc32, 128 bits of state, seeded through splitmix32), so the
 * seed data is the same on every machine for the same seed. Never Math.random.
 */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    let state = seed >>> 0;
    const next = () => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = next();
    this.#b = next();
    this.#c = next();
    this.#d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A new generator whose stream does not depend on how much of this one is used later. */
  fork(label: number): Random {
    return new Random((this.uint32() ^ Math.imul(label + 1, 0x27d4eb2d)) >>> 0);
  }

  uint32(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An index drawn with the given (not necessarily normalised) weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    let target = this.next() * total;
    for (let index = 0; index < weights.length; index++) {
      target -= weights[index]!;
      if (target < 0) return index;
    }
    return weights.length - 1;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.uint32().toString(16).padStart(8, '0');
    return out.slice(0, length);
  }
}

/**
 * Draws `count` uniform values in ascending order, one at a time and in constant memory
 * (the maximum of k uniforms is U^(1/k); the next one down is that times another such draw).
 */
export function* ascendingUniforms(random: Random, count: number): Generator<number> {
  let max = 1;
  for (let remaining = count; remaining > 0; remaining--) {
    max *= Math.pow(1 - random.next(), 1 / remaining);
    yield 1 - max;
  }
}
