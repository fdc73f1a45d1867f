import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { validEvent } from '../domain/test-event'
import { openDatabase, type Db } from './database'
import { createEventsRepo } from './events-repo'
import { createStatsRepo } from './stats-repo'

let db: Db
let dir: string
afterEach(() => {
  db?.close()
  rmSync(dir, { recursive: true, force: true })
})

it('computes KPIs, breakdowns and 24 hourly buckets in Asia/Shanghai, without drill events', () => {
  dir = mkdtempSync(join(tmpdir(), 'zs-stats-'))
  db = openDatabase({ dataDir: dir })
  const events = createEventsRepo(db)
  const add = (id: string, over: Parameters<typeof validEvent>[0], drillRun = '') =>
    events.apply(validEvent({ id, ...over }), '{}', 'zs/events/x', new Date().toISOString(), drillRun)
  add('A', { reportedAt: '2026-11-28T09:10:00+08:00', status: 'reported' })
  add('B', {
    reportedAt: '2026-11-28T09:50:00+08:00',
    status: 'dispatched',
    deadline: '2026-11-28T10:00:00+08:00',
    source: 'citizen',
  })
  add('C', { reportedAt: '2026-11-27T23:30:00+08:00', status: 'closed', updatedAt: '2026-11-28T08:00:00+08:00' })
  add('D', { reportedAt: '2026-11-28T09:00:00+08:00', status: 'reported', drill: true }, 'run-1')
  const now = Date.parse('2026-11-28T10:30:00+08:00')
  const s = createStatsRepo(db).overview(now)
  expect(s).toMatchObject({ total: 3, today: 2, pendingAcceptance: 1, inProgress: 1, overdue: 1, finishedToday: 1 })
  expect(s.bySource).toEqual({ grid_patrol: 2, citizen: 1 })
  expect(s.perHour).toHaveLength(24)
  expect(s.perHour[23]).toEqual({ hourStart: '2026-11-28T10:00:00+08:00', count: 0 })
  expect(s.perHour[22]).toEqual({ hourStart: '2026-11-28T09:00:00+08:00', count: 2 })
  expect(s.perHour[0].hourStart).toBe('2026-11-27T11:00:00+08:00')
  expect(s.perHour.reduce((n, h) => n + h.count, 0)).toBe(3)
})
