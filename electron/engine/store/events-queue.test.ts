/**
 * The duty officer's queue against a brute-force reference: each tab's membership and order, the
 * filters, offset paging, the counts and the "waiting too long" reminder count; and that each tab
 * reads its small partial index (never a scan of all events).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { QUEUE_TABS, type EventSummary, type QueueTab, type ZsEvent } from '../../contract'
import { validEvent } from '../domain/test-event'
import { createWorkbenchHandlers } from '../domain/workbench-handlers'
import { openDatabase, type Db } from './database'
import { createEventsRepo } from './events-repo'

let db: Db | undefined
let dir: string
afterEach(() => {
  db?.close()
  db = undefined
  rmSync(dir, { recursive: true, force: true })
})

const NOW = Date.parse('2026-11-28T12:00:00+08:00')
const iso = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00')
const HOUR = 3_600_000
const STATUSES = [
  'reported',
  'accepted',
  'dispatched',
  'returned',
  'in_progress',
  'resolved',
  'closed',
  'rejected',
] as const
const OPEN = new Set(['reported', 'accepted', 'dispatched', 'returned', 'in_progress'])
const TOWNS = ['140724100', '140724101', '140724102']

function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function setup(count: number) {
  dir = mkdtempSync(join(tmpdir(), 'zs-queue-'))
  db = openDatabase({ dataDir: dir })
  const repo = createEventsRepo(db)
  const r = rng(11)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]
  const events: ZsEvent[] = []
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const status = pick(STATUSES)
      const reported = NOW - Math.floor(r() * 48) * HOUR - (i % 7) * 60_000
      // Deadlines around now: some passed, some within the 2 h window, some later, some none.
      const deadline = status === 'reported' || r() < 0.15 ? null : NOW + Math.round((r() * 10 - 4) * HOUR)
      const e = validEvent({
        id: `EV-${String(i).padStart(5, '0')}`,
        version: 1,
        status,
        severity: pick([1, 2, 3, 4] as const),
        source: pick(['grid_patrol', 'citizen', 'referral'] as const),
        domain: pick(['governance', 'service'] as const),
        category: pick(['heating', 'noise', 'land_dispute']),
        title: i % 5 === 0 ? `暖气不热 ${i}` : `噪音扰民 ${i}`,
        location: { townshipCode: pick(TOWNS), villageCode: `${pick(TOWNS)}201` },
        reportedAt: iso(reported),
        updatedAt: iso(reported),
        deadline: deadline === null ? null : iso(deadline),
        supervision: r() < 0.2 ? { level: pick([1, 2, 3]), note: '督办', by: '县委政法委', at: iso(reported) } : null,
      })
      events.push(e)
      // Drill events never enter the queue.
      repo.apply(e, JSON.stringify(e), 'zs/events/x', iso(reported), i % 23 === 0 ? 'run-1' : '')
    }
  })()
  const drill = new Set(events.filter((_, i) => i % 23 === 0).map((e) => e.id))
  return { events: events.filter((e) => !drill.has(e.id)), handlers: createWorkbenchHandlers(db, { now: () => NOW }) }
}

/** The reference: which events a tab holds, in its order. */
function reference(events: ZsEvent[], tab: QueueTab, keep: (e: ZsEvent) => boolean = () => true): string[] {
  const dl = (e: ZsEvent) => (e.deadline ? Date.parse(e.deadline) : null)
  const open = events.filter((e) => OPEN.has(e.status) && keep(e))
  switch (tab) {
    case 'unaccepted':
      return open
        .filter((e) => e.status === 'reported')
        .sort(
          (a, b) =>
            b.severity - a.severity || Date.parse(a.reportedAt) - Date.parse(b.reportedAt) || a.id.localeCompare(b.id),
        )
        .map((e) => e.id)
    case 'overdue':
      return open
        .filter((e) => dl(e) !== null && dl(e)! <= NOW)
        .sort((a, b) => dl(a)! - dl(b)! || a.id.localeCompare(b.id))
        .map((e) => e.id)
    case 'due_soon':
      return open
        .filter((e) => dl(e) !== null && dl(e)! > NOW && dl(e)! <= NOW + 2 * HOUR)
        .sort((a, b) => dl(a)! - dl(b)! || a.id.localeCompare(b.id))
        .map((e) => e.id)
    case 'supervised':
      return open
        .filter((e) => e.supervision)
        .sort(
          (a, b) =>
            (b.supervision!.level ?? 1) - (a.supervision!.level ?? 1) ||
            Number(dl(a) === null) - Number(dl(b) === null) ||
            (dl(a) ?? 0) - (dl(b) ?? 0) ||
            a.id.localeCompare(b.id),
        )
        .map((e) => e.id)
  }
}

async function all(handlers: ReturnType<typeof setup>['handlers'], params: Record<string, unknown>) {
  const ids: string[] = []
  let offset: number | null = 0
  while (offset !== null) {
    const page = (await handlers['events.queue']({ ...params, offset, limit: 37 } as never, {} as never)) as {
      items: EventSummary[]
      nextOffset: number | null
    }
    ids.push(...page.items.map((i) => i.id))
    offset = page.nextOffset
  }
  return ids
}

describe('the queue', () => {
  it('holds each tab’s events in the tab’s order, filtered, paged to the end, with matching counts', async () => {
    const { events, handlers } = setup(1500)
    for (const tab of QUEUE_TABS) {
      const expected = reference(events, tab)
      expect(expected.length, tab).toBeGreaterThan(5)
      // Overdue and due-soon ties on the deadline are broken by arrival (rowid), ids were inserted in order.
      expect(await all(handlers, { tab }), tab).toEqual(expected)
      const filtered = reference(events, tab, (e) => e.location.townshipCode === '140724101' && e.domain === 'service')
      expect(await all(handlers, { tab, townshipCode: '140724101', domain: 'service' }), tab).toEqual(filtered)
      const text = reference(events, tab, (e) => e.title.includes('暖气'))
      expect(await all(handlers, { tab, text: '暖气' }), tab).toEqual(text)
    }
    const counts = await handlers['events.queueCounts']({}, {} as never)
    for (const tab of QUEUE_TABS) expect(counts[tab], tab).toBe(reference(events, tab).length)
    expect(counts.all).toBe(events.length)
    const bySeverity = await handlers['events.queueCounts']({ severity: 4, source: 'citizen' }, {} as never)
    expect(bySeverity.all).toBe(events.filter((e) => e.severity === 4 && e.source === 'citizen').length)
    expect(bySeverity.unaccepted).toBe(
      reference(events, 'unaccepted', (e) => e.severity === 4 && e.source === 'citizen').length,
    )
    expect((await handlers['events.queueCounts']({ text: '暖气' }, {} as never)).all).toBeNull()

    // Waiting too long: reported longer ago than the severity's threshold (defaults 15/10/5/2 min).
    const threshold = { 1: 15, 2: 10, 3: 5, 4: 2 } as Record<number, number>
    const waiting = events.filter(
      (e) => e.status === 'reported' && NOW - Date.parse(e.reportedAt) >= threshold[e.severity] * 60_000,
    )
    expect(counts.waitingTooLong).toBe(waiting.length)
    expect(Date.parse(counts.oldestWaitingSince!)).toBe(Math.min(...waiting.map((e) => Date.parse(e.reportedAt))))
  })

  it('reads each tab from its partial index', () => {
    setup(50)
    const plan = (sql: string) =>
      (db!.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ')
    expect(
      plan(
        "SELECT id FROM events INDEXED BY events_queue_unaccepted WHERE status = 'reported' AND drill_run = '' ORDER BY severity DESC, reported_ms, id",
      ),
    ).not.toMatch(/TEMP B-TREE/)
    expect(
      plan(
        "SELECT id FROM events INDEXED BY events_open_deadline WHERE deadline_ms IS NOT NULL AND drill_run = '' AND status NOT IN ('rejected', 'resolved', 'visited', 'closed') AND deadline_ms <= 1 ORDER BY deadline_ms, rowid",
      ),
    ).toMatch(/events_open_deadline/)
  })

  it('keeps the SLA settings: defaults, an administrator’s change, and a clear refusal of a bad table', async () => {
    const { handlers } = setup(1)
    const first = await handlers['sla.getSettings'](undefined, {} as never)
    expect(first.updatedAt).toBeNull()
    expect(first.settings.timeLimits.at(-1)).toMatchObject({ category: null, severity: null, hours: 168 })
    const changed = {
      ...first.settings,
      timeLimits: [{ category: null, severity: null, hours: 48, label: '全部' }],
      dueSoonHours: 4,
    }
    const saved = await handlers['sla.setSettings']({ settings: changed }, {
      operator: { displayName: '管理员' },
    } as never)
    expect(saved).toMatchObject({ updatedBy: '管理员', settings: { dueSoonHours: 4 } })
    expect((await handlers['sla.getSettings'](undefined, {} as never)).settings.timeLimits).toHaveLength(1)
    // Without a catch-all row, refused: the engine's own check, whatever the caller skipped.
    expect(() =>
      handlers['sla.setSettings'](
        { settings: { ...changed, timeLimits: [{ category: 'noise', severity: null, hours: 24, label: '' }] } },
        {} as never,
      ),
    ).toThrow(/兜底/)
  })
})

describe('duplicate suggestions and links', () => {
  it('suggests the same category nearby or the same phone within the window, and keeps links both ways', async () => {
    dir = mkdtempSync(join(tmpdir(), 'zs-dup-'))
    db = openDatabase({ dataDir: dir })
    const repo = createEventsRepo(db)
    const put = (id: string, o: Partial<ZsEvent>) => {
      const e = validEvent({ id, category: 'noise', reportedAt: iso(NOW), updatedAt: iso(NOW), ...o })
      repo.apply(e, JSON.stringify(e), 'zs/events/x', iso(NOW))
    }
    const at = (lat: number, phone: string | null = null) => ({
      location: { townshipCode: '140724100', lat, lng: 113.7 },
      reporter: phone ? { name: '张三', phone } : null,
    })
    db.transaction(() => {
      put('EV-A', at(37.6, '13900000001'))
      put('EV-NEAR', at(37.602)) // ≈ 222 m
      put('EV-FAR', at(37.7)) // ≈ 11 km
      put('EV-PHONE', { ...at(37.9, '13900000001'), category: 'heating' })
      put('EV-OLD', { ...at(37.6001), reportedAt: iso(NOW - 100 * HOUR) })
      put('EV-OTHER', { ...at(37.6), category: 'heating' })
    })()
    const h = createWorkbenchHandlers(db, { now: () => NOW })
    const ctx = { scopes: ['read', 'operate'], operator: { displayName: '张值班' }, peer: 't' } as never
    const r = await h['events.duplicates']({ id: 'EV-A' }, ctx)
    expect(r.suggestions.map((s) => [s.event.id, s.reasons, s.distanceMeters])).toEqual([
      ['EV-NEAR', ['nearby_same_category'], 222],
      ['EV-PHONE', ['same_phone'], 33358],
    ])
    expect(r.linked).toEqual([])

    expect(await h['events.link']({ id: 'EV-A', otherId: 'EV-NEAR', kind: 'duplicate' }, ctx)).toEqual({ ok: true })
    const after = await h['events.duplicates']({ id: 'EV-A' }, ctx)
    expect(after.suggestions.map((s) => s.event.id)).toEqual(['EV-PHONE'])
    expect(after.linked.map((l) => [l.event.id, l.kind])).toEqual([['EV-NEAR', 'duplicate']])
    const back = await h['events.duplicates']({ id: 'EV-NEAR' }, ctx)
    expect(back.linked.map((l) => l.event.id)).toEqual(['EV-A'])
    expect(() => h['events.link']({ id: 'EV-A', otherId: 'EV-A', kind: 'related' }, ctx)).toThrow(/itself/)
    expect(() => h['events.link']({ id: 'EV-A', otherId: 'EV-NONE', kind: 'related' }, ctx)).toThrow(/not found/)
  })
})
