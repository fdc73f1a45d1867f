import { describe, expect, it } from 'vitest'
import { createIdleTimer } from './useIdleLock'

describe('idle lock timer', () => {
  it('fires once after the minutes without input, and again only after new input', () => {
    let t = 0
    let fired = 0
    const timer = createIdleTimer({ minutes: () => 15, onIdle: () => fired++, now: () => t })
    t = 14 * 60_000
    timer.check()
    expect(fired).toBe(0)
    timer.input()
    t += 14 * 60_000
    timer.check()
    expect(fired).toBe(0)
    t += 60_000
    timer.check()
    timer.check()
    expect(fired).toBe(1)
    t += 60 * 60_000
    timer.check()
    expect(fired).toBe(1)
    timer.input()
    t += 15 * 60_000
    timer.check()
    expect(fired).toBe(2)
  })

  it('never fires with 0 minutes', () => {
    let t = 0
    let fired = 0
    const timer = createIdleTimer({ minutes: () => 0, onIdle: () => fired++, now: () => t })
    t = 1e9
    timer.check()
    expect(fired).toBe(0)
  })
})
