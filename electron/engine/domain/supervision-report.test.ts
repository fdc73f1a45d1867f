import { describe, expect, it } from 'vitest'
import {
  dispatchEpisodes,
  monthlyUnitRows,
  monthOf,
  weekOf,
  weeklySupervisionItems,
  type EventTrace,
  type TraceVersion,
} from './supervision-report'

const H = 3_600_000
const T = Date.parse('2026-11-10T08:00:00+08:00')
const v = (version: number, status: string, atMs: number, extra: Partial<TraceVersion> = {}): TraceVersion => ({
  version,
  status,
  unitId: null,
  unitName: null,
  deadlineMs: null,
  atMs,
  satisfaction: null,
  supervisionLevel: null,
  ...extra,
})
const eco = { unitId: 'U-ECO', unitName: '县生态环境局' }
const trace = (id: string, versions: TraceVersion[]): EventTrace => ({
  id,
  title: `事件${id}`,
  township: '乐平镇',
  versions,
})

describe('supervision reports', () => {
  it('splits a trace into dispatch episodes with receipt, resolution and the visit', () => {
    const t = trace('A', [
      v(1, 'reported', T),
      v(2, 'accepted', T + H),
      v(3, 'dispatched', T + 2 * H, { ...eco, deadlineMs: T + 26 * H }),
      v(4, 'returned', T + 3 * H),
      v(5, 'dispatched', T + 4 * H, { unitId: 'U-WAT', unitName: '县水务局', deadlineMs: T + 28 * H }),
      v(6, 'in_progress', T + 5 * H),
      v(7, 'resolved', T + 20 * H),
      v(8, 'visited', T + 22 * H, { satisfaction: 'basically_satisfied' }),
    ])
    // 督办 on a dispatched event is no new dispatch.
    const supervised = trace('S', [
      v(1, 'dispatched', T, { ...eco, deadlineMs: T + H }),
      v(2, 'dispatched', T + H, { ...eco, deadlineMs: T + H, supervisionLevel: 1 }),
    ])
    expect(dispatchEpisodes(supervised)).toHaveLength(1)
    expect(dispatchEpisodes(t)).toEqual([
      expect.objectContaining({ unitId: 'U-ECO', receiptMs: T + 3 * H, resolvedMs: null, satisfaction: null }),
      expect.objectContaining({
        unitId: 'U-WAT',
        receiptMs: T + 5 * H,
        resolvedMs: T + 20 * H,
        satisfaction: 'basically_satisfied',
      }),
    ])
  })

  it('counts received, accepted in time, resolved in time, overdue and satisfaction per unit', () => {
    const traces = [
      // In time everywhere, satisfied.
      trace('A', [
        v(1, 'dispatched', T, { ...eco, deadlineMs: T + 24 * H }),
        v(2, 'in_progress', T + H),
        v(3, 'resolved', T + 10 * H),
        v(4, 'visited', T + 11 * H, { satisfaction: 'satisfied' }),
      ]),
      // Signed late, resolved late, dissatisfied.
      trace('B', [
        v(1, 'dispatched', T, { ...eco, deadlineMs: T + 24 * H }),
        v(2, 'in_progress', T + 5 * H),
        v(3, 'resolved', T + 30 * H),
        v(4, 'visited', T + 31 * H, { satisfaction: 'dissatisfied' }),
      ]),
      // Never signed, deadline passed by the month's end: overdue.
      trace('C', [v(1, 'dispatched', T, { ...eco, deadlineMs: T + 24 * H })]),
      // Dispatched in another month: not counted.
      trace('D', [v(1, 'dispatched', T - 30 * 24 * H, { ...eco, deadlineMs: T })]),
    ]
    const m = monthOf('2026-11')
    const r = monthlyUnitRows(traces, { ...m, nowMs: T + 40 * 24 * H, receiptLimitHours: 2 })
    expect(r.rows).toEqual([
      {
        ...eco,
        received: 3,
        acceptedInTime: 1,
        resolvedInTime: 1,
        overdue: 2,
        visited: 2,
        satisfied: 1,
        satisfactionRate: 50,
      },
    ])
    // The running month judges overdue now, not at the month's end.
    const early = monthlyUnitRows([traces[2]], { ...m, nowMs: T + 12 * H, receiptLimitHours: 2 })
    expect(early.totals).toMatchObject({ received: 1, overdue: 0 })
  })

  it('lists the week’s overdue and supervised events, most overdue first', () => {
    const w = weekOf('2026-11-11') // Wednesday
    expect([w.from, w.to]).toEqual(['2026-11-09', '2026-11-15'])
    const traces = [
      trace('LATE', [v(1, 'dispatched', T - 48 * H, { ...eco, deadlineMs: T - 24 * H })]),
      trace('SUP', [
        v(1, 'dispatched', T, { ...eco, deadlineMs: T + 240 * H }),
        v(2, 'dispatched', T + H, { ...eco, deadlineMs: T + 240 * H, supervisionLevel: 2 }),
      ]),
      trace('OK', [v(1, 'dispatched', T, { ...eco, deadlineMs: T + 24 * H }), v(2, 'resolved', T + 2 * H)]),
      // Resolved late during the week.
      trace('RL', [v(1, 'dispatched', T, { ...eco, deadlineMs: T + H }), v(2, 'resolved', T + 4 * H)]),
    ]
    const items = weeklySupervisionItems(traces, { ...w, nowMs: T + 24 * H })
    expect(items.map((i) => [i.eventId, i.reason, i.overdueHours, i.supervisionLevel])).toEqual([
      ['LATE', 'overdue', 48, null],
      ['RL', 'overdue', 3, null],
      ['SUP', 'supervised', null, 2],
    ])
    expect(items[0]).toMatchObject({ unitName: '县生态环境局', deadline: '2026-11-09T08:00:00+08:00' })
  })

  it('finds weeks and months in Asia/Shanghai', () => {
    expect(weekOf('2026-11-09')).toMatchObject({ from: '2026-11-09', to: '2026-11-15' })
    expect(weekOf('2026-11-15')).toMatchObject({ from: '2026-11-09', to: '2026-11-15' })
    expect(weekOf('2027-01-01')).toMatchObject({ from: '2026-12-28', to: '2027-01-03' })
    expect(monthOf('2026-12')).toMatchObject({ from: '2026-12-01', to: '2026-12-31' })
    expect(monthOf('2028-02').to).toBe('2028-02-29')
  })
})
