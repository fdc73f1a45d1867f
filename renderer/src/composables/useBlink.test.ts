import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createBlink } from './useBlink'

describe('the alarm blink', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('flips twice a second and stops when told', () => {
    const phases: boolean[] = []
    const blink = createBlink((d) => phases.push(d), 500)
    vi.advanceTimersByTime(1999)
    expect(phases).toEqual([true, false, true])
    blink.stop()
    vi.advanceTimersByTime(5000)
    expect(phases).toHaveLength(3)
  })
})
