import { afterEach, describe, expect, it, vi } from 'vitest'
import { eventKey, type EventSummary } from '../../../electron/contract'
import {
  appendPage,
  compareNewestFirst,
  emptyFilters,
  filtersToParams,
  matchesFilters,
  latestPerKey,
  mergeBatch,
  newestFirst,
  pendingForTop,
  type EventFilters,
} from './eventListModel'

let seq = 0
function ev(over: Partial<EventSummary> = {}): EventSummary {
  seq++
  const e = {
    id: `EV-${String(seq).padStart(6, '0')}`,
    version: 1,
    versionCount: 1,
    source: 'grid_patrol',
    channel: null,
    domain: 'governance',
    category: 'hazard',
    severity: 1,
    title: `事件 ${seq}`,
    status: 'reported',
    townshipCode: '140724100',
    township: '乐平镇',
    village: '梁家沟村',
    address: null,
    assigneeName: null,
    deadline: null,
    reportedAt: '2026-11-27T09:00:00+08:00',
    updatedAt: '2026-11-27T09:00:00+08:00',
    receivedAt: '2026-11-27T01:00:01Z',
    drill: false,
    drillRunId: null,
    ...over,
  } as Omit<EventSummary, 'key'> & Partial<Pick<EventSummary, 'key'>>
  return { ...e, key: e.key ?? e.id }
}
/** The drill twin of an event: same id, from drill run `run`. */
const drillOf = (e: EventSummary, run: string, over: Partial<EventSummary> = {}): EventSummary => ({
  ...e,
  ...over,
  key: eventKey(e.id, run),
  drill: true,
  drillRunId: run,
})
const keys = (rows: EventSummary[]) => rows.map((r) => r.key)
const at = (minute: number) => `2026-11-27T09:${String(minute).padStart(2, '0')}:00+08:00`
const ids = (rows: EventSummary[]) => rows.map((r) => r.id)
const all = (): EventFilters => emptyFilters()

describe('order', () => {
  it('puts the newest reported first, comparing instants not strings', () => {
    const a = ev({ reportedAt: '2026-11-27T09:00:00+08:00' })
    const b = ev({ reportedAt: '2026-11-27T01:30:00Z' }) // 09:30 in Shanghai
    expect([a, b].sort(compareNewestFirst)).toEqual([b, a])
  })
  it('breaks ties by id, descending', () => {
    const a = ev({ id: 'EV-A' })
    const b = ev({ id: 'EV-B' })
    expect([a, b].sort(compareNewestFirst).map((e) => e.id)).toEqual(['EV-B', 'EV-A'])
  })
  it('breaks ties of one id by drill run, descending, the real event last (the engine keyset order)', () => {
    const real = ev()
    const r1 = drillOf(real, 'run-1')
    const r2 = drillOf(real, 'run-2')
    expect([real, r1, r2].sort(compareNewestFirst)).toEqual([r2, r1, real])
    expect(compareNewestFirst(real, { ...real })).toBe(0)
  })
})

describe('filters', () => {
  it('turns empty filters into no params', () => {
    expect(filtersToParams(emptyFilters())).toEqual({})
    expect(
      filtersToParams({
        source: 'citizen',
        status: 'dispatched',
        townshipCode: '140724100',
        severity: 3,
        text: '  供暖 ',
      }),
    ).toEqual({
      source: 'citizen',
      status: 'dispatched',
      townshipCode: '140724100',
      severity: 3,
      text: '供暖',
    })
  })
  it('matches with the same rules as the query', () => {
    const e = ev({
      source: 'citizen',
      status: 'in_progress',
      severity: 2,
      title: '小区供暖不热',
      address: '乐平镇新建路',
    })
    expect(matchesFilters(e, all())).toBe(true)
    expect(matchesFilters(e, { ...all(), source: 'citizen', severity: 2 })).toBe(true)
    expect(matchesFilters(e, { ...all(), source: 'opinion' })).toBe(false)
    expect(matchesFilters(e, { ...all(), status: 'closed' })).toBe(false)
    expect(matchesFilters(e, { ...all(), townshipCode: '140724101' })).toBe(false)
    expect(matchesFilters(e, { ...all(), severity: 4 })).toBe(false)
    expect(matchesFilters(e, { ...all(), text: '供暖' })).toBe(true)
    expect(matchesFilters(e, { ...all(), text: '新建路' })).toBe(true)
    expect(matchesFilters(e, { ...all(), text: e.id.toLowerCase() })).toBe(true)
    expect(matchesFilters(e, { ...all(), text: '噪音' })).toBe(false)
  })
})

describe('mergeBatch', () => {
  it('inserts new events at their position, newest first', () => {
    const rows = [ev({ reportedAt: at(30) }), ev({ reportedAt: at(10) })]
    const newest = ev({ reportedAt: at(40) })
    const middle = ev({ reportedAt: at(20) })
    const r = mergeBatch(rows, [middle, newest], { filters: all(), hasMore: false })
    expect(ids(r.rows)).toEqual([newest.id, rows[0].id, middle.id, rows[1].id])
    expect(r.inserted).toBe(2)
    expect(r.changed).toBe(true)
  })

  it('updates an existing row in place and never adds a second row for the same id', () => {
    const a = ev({ reportedAt: at(30) })
    const b = ev({ reportedAt: at(20) })
    const a2 = { ...a, version: 2, versionCount: 2, status: 'accepted' as const, updatedAt: at(35) }
    const r = mergeBatch([a, b], [a2], { filters: all(), hasMore: false })
    expect(ids(r.rows)).toEqual([a.id, b.id])
    expect(r.rows[0].status).toBe('accepted')
    expect(r.updated).toBe(1)
    expect(r.inserted).toBe(0)
  })

  it('ignores an older version than the row holds (stale live data after a re-query)', () => {
    const a = { ...ev(), version: 3, versionCount: 3, status: 'dispatched' as const }
    const old = { ...a, version: 2, versionCount: 2, status: 'accepted' as const }
    const r = mergeBatch([a], [old], { filters: all(), hasMore: false })
    expect(r.changed).toBe(false)
    expect(r.rows[0].status).toBe('dispatched')
  })

  it('returns the same array when nothing changed (an identical duplicate)', () => {
    const rows = [ev()]
    const r = mergeBatch(rows, [{ ...rows[0] }], { filters: all(), hasMore: false })
    expect(r.changed).toBe(false)
    expect(r.rows).toBe(rows)
  })

  it('keeps the latest version when a batch holds one id twice', () => {
    const a = ev()
    const r = mergeBatch(
      [],
      [
        { ...a, version: 2, title: 'v2' },
        { ...a, version: 1, title: 'v1' },
      ],
      { filters: all(), hasMore: false },
    )
    expect(r.rows.map((e) => e.title)).toEqual(['v2'])
  })

  it('does not insert live events that do not match the active filters', () => {
    const filters: EventFilters = { ...all(), source: 'citizen', severity: 3 }
    const match = ev({ source: 'citizen', severity: 3, reportedAt: at(50) })
    const wrongSource = ev({ source: 'opinion', severity: 3, reportedAt: at(51) })
    const wrongSeverity = ev({ source: 'citizen', severity: 1, reportedAt: at(52) })
    const r = mergeBatch([], [match, wrongSource, wrongSeverity], { filters, hasMore: false })
    expect(ids(r.rows)).toEqual([match.id])
  })

  it('removes a row whose new state no longer matches (status filter)', () => {
    const filters: EventFilters = { ...all(), status: 'reported' }
    const a = ev({ reportedAt: at(30) })
    const b = ev({ reportedAt: at(20) })
    const r = mergeBatch([a, b], [{ ...a, version: 2, status: 'accepted' }], { filters, hasMore: false })
    expect(ids(r.rows)).toEqual([b.id])
    expect(r.removed).toBe(1)
  })

  it('leaves events older than the loaded range to paging when more pages exist', () => {
    const rows = [ev({ reportedAt: at(30) }), ev({ reportedAt: at(20) })]
    const older = ev({ reportedAt: at(5) })
    const newer = ev({ reportedAt: at(40) })
    const withMore = mergeBatch(rows, [older, newer], { filters: all(), hasMore: true })
    expect(ids(withMore.rows)).toEqual([newer.id, rows[0].id, rows[1].id])
    const complete = mergeBatch(rows, [older], { filters: all(), hasMore: false })
    expect(ids(complete.rows)).toEqual([rows[0].id, rows[1].id, older.id])
  })

  it('trims the oldest rows beyond maxRows', () => {
    const rows = [ev({ reportedAt: at(30) }), ev({ reportedAt: at(20) })]
    const r = mergeBatch(rows, [ev({ reportedAt: at(40) })], { filters: all(), hasMore: false, maxRows: 2 })
    expect(r.rows).toHaveLength(2)
    expect(r.rows[1].id).toBe(rows[0].id)
    expect(r.trimmed).toBe(true)
  })

  it('moves a row whose reportedAt changed', () => {
    const a = ev({ reportedAt: at(30) })
    const b = ev({ reportedAt: at(20) })
    const r = mergeBatch([a, b], [{ ...b, version: 2, reportedAt: at(45) }], { filters: all(), hasMore: false })
    expect(ids(r.rows)).toEqual([b.id, a.id])
  })

  it('merges a large batch into a large list in order', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) =>
      ev({ reportedAt: new Date(Date.UTC(2026, 10, 27, 0, 0, 0) - i * 1000).toISOString() }),
    )
    const batch = Array.from({ length: 2_000 }, (_, i) =>
      ev({ reportedAt: new Date(Date.UTC(2026, 10, 27, 0, 0, 0) - i * 5000 + 500).toISOString() }),
    )
    const r = mergeBatch(rows, batch, { filters: all(), hasMore: false })
    expect(r.rows).toHaveLength(12_000)
    const outOfOrder = r.rows.findIndex((row, i) => i > 0 && compareNewestFirst(r.rows[i - 1], row) > 0)
    expect(outOfOrder).toBe(-1)
  })
})

describe('a storm into a short list (the wall feed: 20 rows, hundreds of events a batch)', () => {
  afterEach(() => vi.restoreAllMocks())
  const base = Date.UTC(2026, 10, 27, 1, 0, 0)
  /** `n` events reported at scattered seconds from `from` on (not in order). */
  const storm = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) =>
      ev({ reportedAt: new Date(base + (from + ((i * 7919) % n)) * 1000).toISOString() }),
    )
  const feed = () => newestFirst(storm(20, -100))
  /** The reference: everything merged, sorted the slow way, cut to `limit`. */
  const reference = (rows: EventSummary[], batch: EventSummary[], limit: number) =>
    [...rows, ...batch].sort(compareNewestFirst).slice(0, limit)

  it('sorts newest first, parsing each report time once, and cuts to a limit', () => {
    const events = storm(500)
    const expected = [...events].sort(compareNewestFirst)
    const parse = vi.spyOn(Date, 'parse')
    expect(newestFirst(events)).toEqual(expected)
    expect(parse).toHaveBeenCalledTimes(500)
    expect(newestFirst(events, 20)).toEqual(expected.slice(0, 20))
  })

  it('places the newest of a 500-event batch into the feed, parsing each report time once (no sort by comparator)', () => {
    const rows = feed()
    const batch = storm(500)
    const expected = reference(rows, batch, 20)
    const parse = vi.spyOn(Date, 'parse')
    const r = mergeBatch(rows, batch, { filters: all(), hasMore: true, maxRows: 20 })
    // A comparator sort of the batch would parse ~2 × 500 × log2(500) ≈ 9,000 times.
    expect(parse.mock.calls.length).toBeLessThanOrEqual(rows.length + batch.length + 1)
    expect(r.rows).toEqual(expected)
    expect(r.trimmed).toBe(true)
  })

  it('reports rows dropped by maxRows also when no loaded row was kept', () => {
    const r = mergeBatch([], storm(30), { filters: all(), hasMore: false, maxRows: 20 })
    expect(r.rows).toHaveLength(20)
    expect(r.trimmed).toBe(true)
  })

  it('keeps of each batch only what can still show: updates of shown rows and the newest others', () => {
    const rows = feed()
    const shown = new Set(keys(rows))
    let pending: EventSummary[] = []
    const all10: EventSummary[] = []
    for (let b = 0; b < 10; b++) {
      const batch = storm(500, b * 500)
      batch.push({ ...rows[b], version: 2, versionCount: 2, status: 'accepted' }) // an update of a shown row
      all10.push(...batch)
      pending = pendingForTop(pending.concat(batch), shown, 20, all())
      expect(pending.length).toBeLessThanOrEqual(shown.size + 20)
    }
    const bounded = mergeBatch(rows, pending, { filters: all(), hasMore: true, maxRows: 20 })
    const unbounded = mergeBatch(rows, all10, { filters: all(), hasMore: true, maxRows: 20 })
    expect(bounded.rows).toEqual(unbounded.rows)
    expect(bounded.rows).toEqual(reference([], all10, 20)) // the storm's newest, all newer than the feed was
  })

  it('drops what does not match the filters unless it is shown (then its new state removes the row)', () => {
    const rows = feed()
    const filters = { ...all(), status: 'reported' as const }
    const closedShown = { ...rows[0], version: 2, status: 'closed' as const }
    const closedNew = ev({ status: 'closed', reportedAt: new Date(base + 10_000_000).toISOString() })
    const pending = pendingForTop([closedShown, closedNew], new Set(keys(rows)), 20, filters)
    expect(keys(pending)).toEqual([closedShown.key])
    expect(keys(mergeBatch(rows, pending, { filters, hasMore: true, maxRows: 20 }).rows)).not.toContain(rows[0].key)
  })
})

describe('real and drill events with the same id', () => {
  it('are two rows, inserted at their position', () => {
    const real = ev({ reportedAt: at(30) })
    const drill = drillOf(real, 'run-1')
    expect(drill.key).not.toBe(real.key)
    const r = mergeBatch([], [real, drill], { filters: all(), hasMore: false })
    expect(keys(r.rows)).toEqual([drill.key, real.key])
    expect(ids(r.rows)).toEqual([real.id, real.id])
    expect(r.inserted).toBe(2)
  })

  it('keeps the latest version per key within a batch, not per id', () => {
    const real = ev()
    const drill = drillOf(real, 'run-1', { version: 1 })
    const latest = latestPerKey([{ ...real, version: 3 }, drill, { ...real, version: 2 }])
    expect([...latest.keys()].sort()).toEqual([real.key, drill.key].sort())
    expect(latest.get(real.key)?.version).toBe(3)
    expect(latest.get(drill.key)?.version).toBe(1)
  })

  it('update independently: a drill version never replaces the real row, nor the other way round', () => {
    const real = ev({ reportedAt: at(30) })
    const drill = drillOf(real, 'run-1')
    const other = ev({ reportedAt: at(10) })
    const rows = [drill, real, other]

    const drill2 = { ...drill, version: 5, versionCount: 5, status: 'closed' as const, updatedAt: at(40) }
    const r1 = mergeBatch(rows, [drill2], { filters: all(), hasMore: false })
    expect(keys(r1.rows)).toEqual([drill.key, real.key, other.key])
    expect(r1.rows[0]).toMatchObject({ version: 5, status: 'closed', drillRunId: 'run-1' })
    expect(r1.rows[1]).toBe(real)
    expect(r1).toMatchObject({ updated: 1, inserted: 0, removed: 0 })

    // The real event at version 2 is older than the drill row's 5, yet it is its own row.
    const real2 = { ...real, version: 2, versionCount: 2, status: 'accepted' as const, updatedAt: at(41) }
    const r2 = mergeBatch(r1.rows, [real2], { filters: all(), hasMore: false })
    expect(keys(r2.rows)).toEqual([drill.key, real.key, other.key])
    expect(r2.rows[0]).toBe(r1.rows[0])
    expect(r2.rows[1]).toMatchObject({ version: 2, status: 'accepted', drill: false, drillRunId: null })
  })

  it('removes only the row whose new state no longer matches', () => {
    const filters: EventFilters = { ...all(), status: 'reported' }
    const real = ev({ reportedAt: at(30) })
    const drill = drillOf(real, 'run-1')
    const r = mergeBatch([drill, real], [{ ...drill, version: 2, status: 'accepted' }], { filters, hasMore: false })
    expect(keys(r.rows)).toEqual([real.key])
  })

  it('are both kept when the next page brings the twin of a loaded row', () => {
    const real = ev()
    const drill = drillOf(real, 'run-1')
    const out = appendPage([real], [drill, { ...real }])
    expect(keys(out)).toEqual([real.key, drill.key])
  })
})

describe('appendPage', () => {
  it('appends without repeating rows that arrived live, keeping the newer version', () => {
    const a = ev()
    const b = ev()
    const c = ev()
    const out = appendPage([a, { ...b, version: 3 }], [{ ...b, version: 2 }, c, { ...a, version: 5 }])
    expect(ids(out)).toEqual([a.id, b.id, c.id])
    expect(out[0].version).toBe(5)
    expect(out[1].version).toBe(3)
  })
})
