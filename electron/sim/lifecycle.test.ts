import { describe, expect, it } from 'vitest'
import { EVENT_STATUSES, zsEventSchema, type EventStatus, type ZsEvent } from '../contract'
import { buildXiyangRegistry } from './county'
import { createEventGenerator } from './generator'
import { DEADLINE_MS, INITIAL_STATUSES, advanceEvent, isTerminal, nextStatuses } from './lifecycle'
import { createRng } from './random'

const registry = buildXiyangRegistry()
const START = Date.parse('2026-11-27T09:00:00+08:00')

// The contract's text, transcribed independently of the implementation.
const CONTRACT: Record<EventStatus, EventStatus[]> = {
  reported: ['accepted', 'rejected'],
  accepted: ['dispatched'],
  dispatched: ['in_progress', 'returned'],
  returned: ['dispatched'],
  in_progress: ['resolved'],
  resolved: ['visited', 'closed'],
  visited: ['closed', 'dispatched'],
  rejected: [],
  closed: [],
}

/** Runs every event to its end; returns every version of every event. */
function runToEnd(count: number, seed: number): ZsEvent[][] {
  const generator = createEventGenerator({ registry, seed })
  const traces: ZsEvent[][] = []
  for (let i = 0; i < count; i++) {
    let t = START + i * 60_000
    const trace = [generator.create(t)]
    for (let step = 0; step < 100; step++) {
      t += generator.typicalDelayMs(trace[trace.length - 1])
      const next = generator.advance(trace[trace.length - 1], t)
      if (!next) break
      trace.push(next)
    }
    traces.push(trace)
  }
  return traces
}

const traces = runToEnd(1000, 11)

describe('lifecycle', () => {
  it('nextStatuses is exactly the contract table', () => {
    for (const s of EVENT_STATUSES) expect([...nextStatuses(s)].sort()).toEqual([...CONTRACT[s]].sort())
    expect(isTerminal('closed')).toBe(true)
    expect(isTerminal('rejected')).toBe(true)
    expect(isTerminal('visited')).toBe(false)
  })

  it('only ever takes allowed transitions, one version at a time, and always ends', () => {
    for (const trace of traces) {
      expect(INITIAL_STATUSES).toContain(trace[0].status)
      for (let i = 1; i < trace.length; i++) {
        const [prev, cur] = [trace[i - 1], trace[i]]
        expect(CONTRACT[prev.status], `${prev.status} → ${cur.status}`).toContain(cur.status)
        expect(cur.version).toBe(prev.version + 1)
        expect(cur.id).toBe(prev.id)
        expect(Date.parse(cur.updatedAt)).toBeGreaterThanOrEqual(Date.parse(prev.updatedAt))
        expect(Date.parse(cur.updatedAt)).toBeGreaterThanOrEqual(Date.parse(cur.reportedAt))
        expect(cur.reportedAt).toBe(trace[0].reportedAt)
        expect(cur.lastAction?.at).toBe(cur.updatedAt)
      }
      expect(isTerminal(trace[trace.length - 1].status)).toBe(true)
    }
  })

  it('keeps every version valid against zs.event/1', () => {
    for (const trace of traces) {
      for (const v of trace) {
        const parsed = zsEventSchema.safeParse(v)
        expect(parsed.success ? 'ok' : parsed.error.message).toBe('ok')
      }
    }
  })

  it('visits every transition of the contract somewhere in 1,000 runs', () => {
    const seen = new Set<string>()
    for (const trace of traces)
      for (let i = 1; i < trace.length; i++) seen.add(`${trace[i - 1].status}>${trace[i].status}`)
    for (const [from, tos] of Object.entries(CONTRACT))
      for (const to of tos) expect(seen.has(`${from}>${to}`), `${from}>${to}`).toBe(true)
  })

  it('dispatches to a registry unit with a deadline by severity, and supervises serious events', () => {
    const units = new Map(registry.units.map((u) => [u.id, u.name]))
    let dispatches = 0
    for (const trace of traces) {
      for (const v of trace) {
        if (v.status !== 'dispatched') continue
        dispatches++
        expect(units.get(v.assignee?.unitId ?? '')).toBe(v.assignee?.unitName)
        expect(Date.parse(v.deadline ?? '') - Date.parse(v.updatedAt)).toBe(DEADLINE_MS[v.severity])
        expect(['dispatch', 'redispatch', 'reopen']).toContain(v.lastAction?.action)
        if (v.severity >= 3) expect(v.supervision?.level).toBeGreaterThanOrEqual(2)
      }
    }
    expect(dispatches).toBeGreaterThan(500)
  })

  it('records satisfaction on the visit, and reopens only after 不满意', () => {
    for (const trace of traces) {
      for (let i = 1; i < trace.length; i++) {
        const [prev, cur] = [trace[i - 1], trace[i]]
        if (cur.status === 'visited')
          expect(['satisfied', 'basically_satisfied', 'dissatisfied']).toContain(cur.satisfaction)
        if (prev.status === 'visited' && cur.status === 'dispatched') expect(prev.satisfaction).toBe('dissatisfied')
        if (prev.status === 'visited' && cur.status === 'closed') expect(prev.satisfaction).not.toBe('dissatisfied')
      }
    }
  })

  it('routes events to the unit that handles the category (e.g. 供水公司 for water outages)', () => {
    const water = traces.flat().filter((v) => v.category === 'water_outage' && v.status === 'dispatched')
    expect(water.length).toBeGreaterThan(0)
    for (const v of water) expect(['U-WSC', 'U-WAT']).toContain(v.assignee?.unitId)
  })

  it('returns null for finished events', () => {
    const closed = traces.flat().find((v) => v.status === 'closed')
    expect(closed).toBeDefined()
    expect(advanceEvent(closed as ZsEvent, { rng: createRng(1), at: START, units: registry.units })).toBeNull()
  })

  it('never moves updatedAt backwards even when the clock does', () => {
    const [first] = traces[0]
    const next = advanceEvent(first, { rng: createRng(1), at: START - 3_600_000, units: registry.units })
    expect(next && Date.parse(next.updatedAt)).toBe(Date.parse(first.updatedAt))
  })

  it('is deterministic for a seed', () => {
    expect(JSON.stringify(runToEnd(50, 11))).toBe(JSON.stringify(traces.slice(0, 50)))
  })
})
