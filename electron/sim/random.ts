/**
 * A small seeded PRNG for the simulator. Demo data must be reproducible (same seed → same county,
 * same event stream) so tests, screenshots and bug reports can be replayed; Math.random cannot be
 * seeded, so nothing in electron/sim uses it.
 */

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  /** One element, uniformly. Throws on an empty list (a bug in the caller, not bad luck). */
  pick<T>(items: readonly T[]): T
  /** One element, proportionally to its weight; weights ≤ 0 are never picked. */
  weighted<T>(items: readonly (readonly [T, number])[]): T
  /** An exponentially distributed wait with the given rate (events per unit), for Poisson arrivals. */
  exponential(rate: number): number
  /** A new independent generator derived from this one's stream, so sub-tasks do not disturb each other. */
  fork(): Rng
}

/**
 * mulberry32: 32-bit state, fast, statistically good enough for demo data (not for cryptography).
 * https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Hashes a string to a 32-bit seed (FNV-1a), to derive stable per-item streams (e.g. per village code). */
export function hashSeed(text: string, base = 0): number {
  let h = (0x811c9dc5 ^ base) >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed)
  const rng: Rng = {
    next,
    int(min, max) {
      if (max < min) throw new RangeError(`int(${min}, ${max}): empty range`)
      return min + Math.floor(next() * (max - min + 1))
    },
    chance(p) {
      return next() < p
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick from an empty list')
      return items[Math.floor(next() * items.length)]
    },
    weighted(items) {
      let total = 0
      for (const [, w] of items) if (w > 0) total += w
      if (total <= 0) throw new RangeError('weighted pick without positive weights')
      let r = next() * total
      for (const [item, w] of items) {
        if (w <= 0) continue
        r -= w
        if (r < 0) return item
      }
      // Floating-point rounding can leave r at ~0 after the last positive weight.
      for (let i = items.length - 1; i >= 0; i--) if (items[i][1] > 0) return items[i][0]
      throw new RangeError('unreachable')
    },
    exponential(rate) {
      if (!(rate > 0)) return Number.POSITIVE_INFINITY
      return -Math.log(1 - next()) / rate
    },
    fork() {
      return createRng(Math.floor(next() * 4294967296))
    },
  }
  return rng
}
