import { describe, expect, it, vi } from 'vitest'
import { FakeEngine, withFakeEngine } from '../testing/fakeEngine'
import { useConnectionStore } from './connection'
import { useStatsStore } from './stats'

const overview = {
  generatedAt: '2026-11-27T01:00:00Z',
  total: 1,
  today: 1,
  pendingAcceptance: 1,
  inProgress: 0,
  overdue: 0,
  finishedToday: 0,
  bySource: {},
  byDomain: {},
  bySeverity: {},
  perHour: [],
}

describe('stats store', () => {
  let fake: FakeEngine
  withFakeEngine((f) => (fake = f), { fakeTimers: true })

  it('re-fetches on event changes at most ~4 times a second, one request at a time', async () => {
    useConnectionStore().start()
    fake.answerAppInfo()
    const stats = useStatsStore()
    stats.activate()
    expect(fake.pendingCount('stats.overview')).toBe(1)
    fake.take('stats.overview').resolve(overview)
    await vi.advanceTimersByTimeAsync(0)
    expect(stats.ready).toBe(true)

    let fetched = 0
    for (let i = 0; i < 100; i++) {
      fake.emit('events.onDidChange', { items: [] })
      await vi.advanceTimersByTimeAsync(10) // a storm: a batch every 10 ms for 1 s
      while (fake.pendingCount('stats.overview')) {
        fake.take('stats.overview').resolve(overview)
        fetched++
      }
    }
    await vi.advanceTimersByTimeAsync(500)
    while (fake.pendingCount('stats.overview')) {
      fake.take('stats.overview').resolve(overview)
      fetched++
    }
    expect(fetched).toBeGreaterThanOrEqual(3)
    expect(fetched).toBeLessThanOrEqual(6)
  })

  it('stops listening when the wall is gone', async () => {
    useConnectionStore().start()
    const stats = useStatsStore()
    const stop = stats.activate()
    fake.take('stats.overview').resolve(overview)
    stop()
    await vi.advanceTimersByTimeAsync(300)
    fake.emit('events.onDidChange', { items: [] })
    await vi.advanceTimersByTimeAsync(300)
    expect(fake.pendingCount('stats.overview')).toBe(0)
  })
})
