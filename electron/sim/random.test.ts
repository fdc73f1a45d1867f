import { describe, expect, it } from 'vitest'
import { createRng, hashSeed } from './random'

describe('seeded random', () => {
  it('repeats the same stream for the same seed', () => {
    const a = createRng(42)
    const b = createRng(42)
    const xs = Array.from({ length: 100 }, () => a.next())
    const ys = Array.from({ length: 100 }, () => b.next())
    expect(xs).toEqual(ys)
    expect(createRng(43).next()).not.toBe(xs[0])
  })

  it('keeps values in range', () => {
    const rng = createRng(1)
    const bad: number[] = []
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next()
      if (!(x >= 0 && x < 1)) bad.push(x)
      const n = rng.int(3, 7)
      if (!(Number.isInteger(n) && n >= 3 && n <= 7)) bad.push(n)
    }
    expect(bad).toEqual([])
  })

  it('reaches both ends of int() ranges and every item of pick()', () => {
    const rng = createRng(7)
    const seen = new Set<number>()
    for (let i = 0; i < 1000; i++) seen.add(rng.int(1, 4))
    expect([...seen].sort()).toEqual([1, 2, 3, 4])
    const picked = new Set<string>()
    for (let i = 0; i < 1000; i++) picked.add(rng.pick(['a', 'b', 'c']))
    expect(picked.size).toBe(3)
  })

  it('weights picks and never picks zero weights', () => {
    const rng = createRng(9)
    const counts = { a: 0, b: 0, z: 0 }
    for (let i = 0; i < 20_000; i++) {
      const k = rng.weighted<'a' | 'b' | 'z'>([
        ['a', 3],
        ['b', 1],
        ['z', 0],
      ])
      counts[k]++
    }
    expect(counts.z).toBe(0)
    expect(counts.a / counts.b).toBeGreaterThan(2.6)
    expect(counts.a / counts.b).toBeLessThan(3.4)
  })

  it('throws on impossible requests instead of returning garbage', () => {
    const rng = createRng(1)
    expect(() => rng.pick([])).toThrow()
    expect(() => rng.weighted([['x', 0]])).toThrow()
    expect(() => rng.int(5, 4)).toThrow()
  })

  it('has a mean of 1/rate for exponential waits', () => {
    const rng = createRng(5)
    let sum = 0
    for (let i = 0; i < 20_000; i++) sum += rng.exponential(2)
    expect(sum / 20_000).toBeCloseTo(0.5, 1)
    expect(rng.exponential(0)).toBe(Number.POSITIVE_INFINITY)
  })

  it('hashes strings to stable 32-bit seeds', () => {
    expect(hashSeed('140724100204')).toBe(hashSeed('140724100204'))
    expect(hashSeed('a')).not.toBe(hashSeed('b'))
    expect(hashSeed('x')).toBeLessThanOrEqual(0xffffffff)
  })
})
