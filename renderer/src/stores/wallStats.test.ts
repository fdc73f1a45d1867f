import { describe, expect, it, vi } from 'vitest'
import { FakeEngine, withFakeEngine } from '../testing/fakeEngine'
import { useConnectionStore } from './connection'
import { useWallStatsStore, WALL_STATS_MIN_INTERVAL_MS } from './wallStats'

const ROUND = [
  'stats.kpis',
  'stats.hourly',
  'stats.breakdown',
  'stats.places',
  'stats.grids',
  'stats.units',
  'stats.propertyCompanies',
  'stats.goals',
  'videoAlerts.list',
]
const places = (townshipCode: string | null) => ({ generatedAt: 'x', windowDays: 30, townshipCode, items: [] })
const alert = { key: 'VA-1', id: 'VA-1', version: 2, boxCount: 1, drillRunId: null }

describe('wall statistics store', () => {
  let fake: FakeEngine
  withFakeEngine((f) => (fake = f), { fakeTimers: true })

  /** Answers one round of requests; returns how many rounds were pending. */
  async function answerRound(alertVersion = 2) {
    if (!fake.pendingCount('stats.kpis')) return 0
    for (const m of ROUND) {
      const call = fake.take(m)
      call.resolve(
        m === 'videoAlerts.list'
          ? { items: [{ ...alert, version: alertVersion }], nextCursor: null }
          : m === 'stats.places'
            ? places((call.params as { townshipCode?: string } | undefined)?.townshipCode ?? null)
            : { generatedAt: 'x' },
      )
    }
    await vi.advanceTimersByTimeAsync(0)
    while (fake.pendingCount('videoAlerts.get')) {
      fake.take('videoAlerts.get').resolve({ current: { boxes: [{ x: 0.1, y: 0.2, w: 0.3, h: 0.4, label: 'car' }] } })
      await vi.advanceTimersByTimeAsync(0)
    }
    return 1
  }

  it('re-reads at most once a second in a storm, one round at a time, and loads alert boxes once per version', async () => {
    useConnectionStore().start()
    fake.answerAppInfo()
    const wall = useWallStatsStore()
    wall.activate()
    expect(fake.pendingCount('stats.kpis')).toBe(1)
    await answerRound()
    expect(wall.ready).toBe(true)
    expect(wall.alertBoxes.get('VA-1')).toHaveLength(1)

    let rounds = 0
    for (let i = 0; i < 100; i++) {
      fake.emit(i % 2 ? 'events.onDidChange' : 'videoAlerts.onDidChange', { items: [] })
      await vi.advanceTimersByTimeAsync(30) // a batch every 30 ms for 3 s
      rounds += await answerRound()
    }
    await vi.advanceTimersByTimeAsync(WALL_STATS_MIN_INTERVAL_MS)
    rounds += await answerRound()
    expect(rounds).toBeGreaterThanOrEqual(3)
    expect(rounds).toBeLessThanOrEqual(5)
    // Boxes were fetched for the first answer only: the alert's version did not change.
    expect(fake.pendingCount('videoAlerts.get')).toBe(0)
  })

  it('drills into a township and asks for its villages in every later round', async () => {
    useConnectionStore().start()
    fake.answerAppInfo()
    const wall = useWallStatsStore()
    wall.activate()
    await answerRound()
    const drilled = wall.drillInto('140724100')
    fake.take('stats.places').resolve(places('140724100'))
    await drilled
    expect(wall.villages?.townshipCode).toBe('140724100')
    await vi.advanceTimersByTimeAsync(WALL_STATS_MIN_INTERVAL_MS)
    fake.emit('events.onDidChange', { items: [] })
    await vi.advanceTimersByTimeAsync(0)
    expect(fake.pendingCount('stats.places')).toBe(2)
    await wall.drillInto(null)
    expect(wall.villages).toBeNull()
  })

  it('stops listening when the wall is gone', async () => {
    useConnectionStore().start()
    fake.answerAppInfo()
    const wall = useWallStatsStore()
    const stop = wall.activate()
    await answerRound()
    stop()
    await vi.advanceTimersByTimeAsync(WALL_STATS_MIN_INTERVAL_MS)
    fake.emit('events.onDidChange', { items: [] })
    await vi.advanceTimersByTimeAsync(WALL_STATS_MIN_INTERVAL_MS)
    expect(fake.pendingCount('stats.kpis')).toBe(0)
  })
})
