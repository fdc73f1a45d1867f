import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { throttle } from './throttle'

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('runs at once, then at most once per interval, with a trailing call', () => {
    const calls: number[] = []
    const t = throttle((n: number) => calls.push(n), 250)
    t(1)
    t(2)
    t(3)
    expect(calls).toEqual([1])
    vi.advanceTimersByTime(249)
    expect(calls).toEqual([1])
    vi.advanceTimersByTime(1)
    expect(calls).toEqual([1, 3])
    vi.advanceTimersByTime(1000)
    expect(calls).toEqual([1, 3])
  })

  it('limits a burst to ~4 calls a second', () => {
    let count = 0
    const t = throttle(() => count++, 250)
    for (let i = 0; i < 100; i++) {
      t()
      vi.advanceTimersByTime(10)
    }
    vi.advanceTimersByTime(250)
    expect(count).toBeGreaterThanOrEqual(4)
    expect(count).toBeLessThanOrEqual(6)
  })

  it('cancel drops the pending call; flush runs it now', () => {
    const calls: number[] = []
    const t = throttle((n: number) => calls.push(n), 250)
    t(1)
    t(2)
    t.cancel()
    vi.advanceTimersByTime(500)
    expect(calls).toEqual([1])
    t(3)
    t(4)
    t.flush()
    expect(calls).toEqual([1, 3, 4])
  })
})
