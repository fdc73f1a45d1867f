import { describe, expect, it, vi } from 'vitest'
import { eventKey, type EventSummary } from '../../../electron/contract'
import { FakeEngine, settle, withFakeEngine } from '../testing/fakeEngine'
import { useConnectionStore } from './connection'
import { FEED_SIZE, LIST_PAGE_SIZE, useEventsStore } from './events'
import { compareNewestFirst } from './eventListModel'
import { summarySequence } from '../testing/events'

const ev = summarySequence(Date.UTC(2026, 10, 27, 1, 0), 60_000, 4)
const ids = (rows: EventSummary[]) => rows.map((r) => r.id)
const keys = (rows: EventSummary[]) => rows.map((r) => r.key)
/** The drill twin of an event: same id, from drill run `run`. */
const drillOf = (e: EventSummary, run: string, over: Partial<EventSummary> = {}): EventSummary => ({
  ...e,
  title: `演练：${e.title}`,
  ...over,
  key: eventKey(e.id, run),
  drill: true,
  drillRunId: run,
})

describe('events store', () => {
  let fake: FakeEngine
  withFakeEngine((f) => (fake = f))

  async function connected() {
    const connection = useConnectionStore()
    connection.start()
    await settle()
    fake.answerAppInfo()
    await settle()
    return connection
  }

  it('loads the first page, applies live batches that arrived meanwhile, and is ready', async () => {
    const connection = await connected()
    const events = useEventsStore()
    events.activateList()
    await settle()
    const list = fake.take('events.list')
    expect(list.params).toEqual({ limit: LIST_PAGE_SIZE })
    const a = ev()
    const b = ev()
    const live = ev()
    fake.emit('events.onDidChange', { items: [live, { ...a, version: 2, versionCount: 2, status: 'accepted' }] })
    expect(events.rows).toEqual([]) // buffered until the page is there
    list.resolve({ items: [b, a], nextCursor: null })
    await settle()
    expect(ids(events.rows)).toEqual([live.id, b.id, a.id])
    expect(events.rows[2].status).toBe('accepted')
    expect(events.listReady).toBe(true)
    connection.setPageReady(events.listReady)
    expect(connection.appState).toBe('ready')
  })

  it('re-queries when a filter changes and does not insert live events that do not match', async () => {
    await connected()
    const events = useEventsStore()
    events.activateList()
    await settle()
    fake.take('events.list').resolve({ items: [], nextCursor: null })
    await settle()
    events.filters.severity = 4
    events.filters.source = 'opinion'
    await settle()
    const q = fake.take('events.list')
    expect(q.params).toEqual({ severity: 4, source: 'opinion', limit: LIST_PAGE_SIZE })
    q.resolve({ items: [], nextCursor: null })
    await settle()
    const match = ev({ severity: 4, source: 'opinion' })
    fake.emit('events.onDidChange', {
      items: [match, ev({ severity: 1, source: 'opinion' }), ev({ severity: 4, source: 'citizen' })],
    })
    expect(ids(events.rows)).toEqual([match.id])
  })

  it('pages with the cursor and keeps the active filters', async () => {
    await connected()
    const events = useEventsStore()
    events.filters.text = '供暖'
    events.activateList()
    await settle()
    const page1 = [ev(), ev()].reverse()
    fake.take('events.list').resolve({ items: page1, nextCursor: 'c1' })
    await settle()
    expect(events.hasMore).toBe(true)
    void events.loadMore()
    const more = fake.take('events.list')
    expect(more.params).toEqual({ text: '供暖', cursor: 'c1', limit: LIST_PAGE_SIZE })
    const older = ev({ reportedAt: '2026-11-26T00:00:00Z' })
    more.resolve({ items: [older], nextCursor: null })
    await settle()
    expect(ids(events.rows)).toEqual([...ids(page1), older.id])
    expect(events.hasMore).toBe(false)
  })

  it('re-queries after the engine link comes back', async () => {
    const connection = await connected()
    const events = useEventsStore()
    events.activateList()
    await settle()
    fake.take('events.list').resolve({ items: [ev()], nextCursor: null })
    await settle()
    fake.setState('connecting')
    expect(connection.linkState).toBe('reconnecting')
    expect(connection.appState).toBe('offline')
    expect(events.listReady).toBe(true) // the rows stay on screen while reconnecting
    fake.setState('open')
    await settle()
    expect(events.listReady).toBe(false)
    fake.answerAppInfo()
    const again = fake.take('events.list')
    again.resolve({ items: [ev(), ev()], nextCursor: null })
    await settle()
    expect(events.rows).toHaveLength(2)
    expect(events.listReady).toBe(true)
  })

  it('keeps the wall feed to the newest few, unfiltered', async () => {
    await connected()
    const events = useEventsStore()
    events.filters.severity = 4 // the workstation's filters do not apply to the feed
    events.activateFeed()
    await settle()
    const q = fake.take('events.list')
    expect(q.params).toEqual({ limit: 20 })
    q.resolve({ items: Array.from({ length: 20 }, () => ev()).reverse(), nextCursor: 'x' })
    await settle()
    const newest = ev({ severity: 1 })
    fake.emit('events.onDidChange', { items: [newest] })
    expect(events.feed).toHaveLength(20)
    expect(events.feed[0].id).toBe(newest.id)
  })

  it('keeps the feed current in a storm with work bounded per batch (no re-sort of everything that waited)', async () => {
    await connected()
    const events = useEventsStore()
    events.activateFeed()
    await settle()
    fake
      .take('events.list')
      .resolve({ items: Array.from({ length: FEED_SIZE }, () => ev()).reverse(), nextCursor: 'x' })
    await settle()
    // 10 live batches of 500 within one redraw interval (5,000 events/s), report times not in order
    const batches = Array.from({ length: 10 }, (_, b) =>
      Array.from({ length: 500 }, (_, i) =>
        ev({
          reportedAt: new Date(Date.UTC(2026, 10, 28, 1, 0, 0) + (b * 500 + ((i * 7919) % 500)) * 10).toISOString(),
        }),
      ),
    )
    const expected = batches.flat().sort(compareNewestFirst).slice(0, FEED_SIZE)
    const parse = vi.spyOn(Date, 'parse')
    try {
      for (const items of batches) fake.emit('events.onDidChange', { items })
      await new Promise((r) => setTimeout(r, 300))
      // Each report time is parsed about once per batch it waits in (≈ 5,000 + the few kept);
      // merging everything that waited with a comparator sort took ~100,000.
      expect(parse.mock.calls.length).toBeLessThan(2 * 5_000)
    } finally {
      parse.mockRestore()
    }
    expect(ids(events.feed)).toEqual(ids(expected))
  })

  it('lets the link narrow live batches to the feed while only the feed is shown, and withdraws it for the list or a detail', async () => {
    await connected()
    const events = useEventsStore()
    events.activateFeed()
    await settle()
    const shown = Array.from({ length: FEED_SIZE }, () => ev()).reverse()
    fake.take('events.list').resolve({ items: shown, nextCursor: 'x' })
    await settle()
    expect(fake.digests).toEqual([{ limit: FEED_SIZE, seed: shown }])

    events.openDetail(shown[0].id)
    expect(fake.digests.at(-1)).toBeNull() // the detail needs every change of its event
    fake.take('events.get').resolve({ summary: shown[0], current: {}, versions: [] })
    events.closeDetail()
    expect(fake.digests.at(-1)).toEqual({ limit: FEED_SIZE, seed: events.feed })

    const stopList = events.activateList()
    expect(fake.digests.at(-1)).toBeNull()
    fake.take('events.list').resolve({ items: shown, nextCursor: null })
    await settle()
    stopList()
    expect(fake.digests.at(-1)).toEqual({ limit: FEED_SIZE, seed: events.feed })

    // A new link: the feed is read again, then the digest given anew with it.
    const count = fake.digests.length
    fake.setState('connecting')
    fake.setState('open')
    await settle()
    fake.answerAppInfo()
    await settle()
    const again = [ev(), ...shown.slice(0, FEED_SIZE - 1)]
    fake.take('events.list').resolve({ items: again, nextCursor: 'x' })
    await settle()
    expect(fake.digests.slice(count)).toEqual([{ limit: FEED_SIZE, seed: again }])
  })

  it('refreshes the open detail when a newer version arrives', async () => {
    await connected()
    const events = useEventsStore()
    const e = ev()
    events.openDetail(e.id)
    fake.take('events.get').resolve({ summary: e, current: {}, versions: [] })
    await settle()
    expect(events.detail?.summary.version).toBe(1)
    fake.emit('events.onDidChange', { items: [{ ...e, version: 2, versionCount: 2 }] })
    const again = fake.take('events.get')
    expect(again.params).toEqual({ id: e.id })
  })

  it('redraws the list at most ~4 times a second, losing no batch', async () => {
    await connected()
    const events = useEventsStore()
    events.activateList()
    await settle()
    fake.take('events.list').resolve({ items: [], nextCursor: null })
    await settle()
    const first = ev()
    fake.emit('events.onDidChange', { items: [first] })
    expect(ids(events.rows)).toEqual([first.id]) // the first batch draws at once
    const rowsAfterFirst = events.rows
    const later = [ev(), ev(), ev()]
    for (const e of later) fake.emit('events.onDidChange', { items: [e] })
    expect(events.rows).toBe(rowsAfterFirst) // coalesced
    await new Promise((r) => setTimeout(r, 300))
    expect(ids(events.rows)).toEqual([later[2].id, later[1].id, later[0].id, first.id])
  })

  describe('a real and a drill event with the same id', () => {
    it('are two rows in the list and update independently', async () => {
      await connected()
      const events = useEventsStore()
      events.activateList()
      await settle()
      const real = ev()
      const drill = drillOf(real, 'run-1')
      fake.take('events.list').resolve({ items: [drill, real], nextCursor: null })
      await settle()
      expect(keys(events.rows)).toEqual([drill.key, real.key])
      expect(ids(events.rows)).toEqual([real.id, real.id])

      // A new drill version changes the drill row only, even though the real one has the same id.
      fake.emit('events.onDidChange', { items: [{ ...drill, version: 3, versionCount: 3, status: 'closed' }] })
      expect(keys(events.rows)).toEqual([drill.key, real.key])
      expect(events.rows[0]).toMatchObject({ drill: true, version: 3, status: 'closed' })
      expect(events.rows[1]).toMatchObject({ drill: false, version: 1, status: 'reported' })

      // A new real version (lower than the drill's) changes the real row only.
      await new Promise((r) => setTimeout(r, 300))
      fake.emit('events.onDidChange', { items: [{ ...real, version: 2, versionCount: 2, status: 'accepted' }] })
      await new Promise((r) => setTimeout(r, 300))
      expect(keys(events.rows)).toEqual([drill.key, real.key])
      expect(events.rows[0]).toMatchObject({ drill: true, version: 3, status: 'closed' })
      expect(events.rows[1]).toMatchObject({ drill: false, version: 2, status: 'accepted' })
    })

    it('is each a row of its own when one of them arrives live', async () => {
      await connected()
      const events = useEventsStore()
      events.activateList()
      await settle()
      const real = ev()
      fake.take('events.list').resolve({ items: [real], nextCursor: null })
      await settle()
      const drill = drillOf(real, 'run-9', { version: 4, versionCount: 4 })
      fake.emit('events.onDidChange', { items: [drill] })
      expect(keys(events.rows)).toEqual([drill.key, real.key])
      expect(events.rows[1]).toBe(real)
    })

    it('open each its own detail, asking for the drill run of the drill event', async () => {
      await connected()
      const events = useEventsStore()
      const real = ev()
      const drill = drillOf(real, 'run-1')

      events.openDetail(real.id)
      const getReal = fake.take('events.get')
      expect(getReal.params).toEqual({ id: real.id })
      getReal.resolve({ summary: real, current: { title: real.title }, versions: [] })
      await settle()
      expect(events.detail?.summary).toMatchObject({ key: real.key, drill: false })
      expect(events.detailKey).toBe(real.key)

      events.openDetail(drill.id, drill.drillRunId)
      expect(events.detail).toBeNull() // not the real event's detail while the drill one loads
      const getDrill = fake.take('events.get')
      expect(getDrill.params).toEqual({ id: drill.id, drillRunId: 'run-1' })
      getDrill.resolve({ summary: drill, current: { title: drill.title, drill: true }, versions: [] })
      await settle()
      expect(events.detail?.summary).toMatchObject({ key: drill.key, drill: true, drillRunId: 'run-1' })
      expect(events.detailKey).toBe(drill.key)
      expect(events.detailId).toBe(real.id)

      // Opening the open drill event again asks nothing; the real one is a different event.
      events.openDetail(drill.id, 'run-1')
      expect(fake.pendingCount('events.get')).toBe(0)
      events.openDetail(real.id, null)
      expect(fake.take('events.get').params).toEqual({ id: real.id })
    })

    it('ignores a late answer for the event opened before', async () => {
      await connected()
      const events = useEventsStore()
      const real = ev()
      const drill = drillOf(real, 'run-1')
      events.openDetail(real.id)
      const getReal = fake.take('events.get')
      events.openDetail(drill.id, drill.drillRunId)
      const getDrill = fake.take('events.get')
      getDrill.resolve({ summary: drill, current: {}, versions: [] })
      await settle()
      getReal.resolve({ summary: real, current: {}, versions: [] })
      await settle()
      expect(events.detail?.summary.key).toBe(drill.key)
    })

    it('refresh the open detail only for a newer version of that same event', async () => {
      await connected()
      const events = useEventsStore()
      const real = ev()
      const drill = drillOf(real, 'run-1')
      events.openDetail(drill.id, drill.drillRunId)
      fake.take('events.get').resolve({ summary: drill, current: {}, versions: [] })
      await settle()

      // The real event with the same id changes: the drill detail stays as it is.
      fake.emit('events.onDidChange', { items: [{ ...real, version: 2, versionCount: 2 }] })
      expect(fake.pendingCount('events.get')).toBe(0)

      fake.emit('events.onDidChange', { items: [{ ...drill, version: 2, versionCount: 2 }] })
      expect(fake.take('events.get').params).toEqual({ id: drill.id, drillRunId: 'run-1' })
    })
  })
})
