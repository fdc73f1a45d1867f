import { describe, expect, it } from 'vitest'
import { zsEventSchema } from '../contract'
import { activityAt, buildBacklog } from './backlog'
import { buildXiyangRegistry } from './county'
import { createEventGenerator } from './generator'
import { isTerminal } from './lifecycle'
import { createRng } from './random'
import { HOUR } from './time'

const registry = buildXiyangRegistry()
const NOW = Date.parse('2026-11-27T15:30:00+08:00')

function backlog(seed: number, count = 200) {
  return buildBacklog(createEventGenerator({ registry, seed }), createRng(seed), { count, nowMs: NOW })
}

describe('backlog', () => {
  const { messages, open } = backlog(3)

  it('reports the requested number of events over the last 24 h, more by day than at night', () => {
    const firsts = messages.filter((m) => m.version === 1)
    expect(firsts).toHaveLength(200)
    for (const m of firsts) {
      const t = Date.parse(m.reportedAt)
      expect(t).toBeLessThanOrEqual(NOW)
      expect(t).toBeGreaterThan(NOW - 24 * HOUR)
    }
    const night = firsts.filter((m) => activityAt(Date.parse(m.reportedAt)) < 0.2).length
    expect(night).toBeLessThan(firsts.length * 0.15)
  })

  it('moves events along as far as their age allows, never into the future', () => {
    expect(messages.length).toBeGreaterThan(400)
    for (const m of messages) {
      expect(zsEventSchema.safeParse(m).success).toBe(true)
      expect(Date.parse(m.updatedAt)).toBeLessThanOrEqual(NOW)
      expect(Date.parse(m.updatedAt)).toBeGreaterThanOrEqual(Date.parse(m.reportedAt))
    }
    const statuses = new Set(open.map((e) => e.status))
    expect(statuses.size).toBeGreaterThan(2)
    expect(messages.some((m) => m.status === 'closed')).toBe(true)
  })

  it('orders messages by time, with each event’s versions ascending', () => {
    const lastVersion = new Map<string, number>()
    let lastTime = 0
    for (const m of messages) {
      const t = Date.parse(m.updatedAt)
      expect(t).toBeGreaterThanOrEqual(lastTime)
      lastTime = t
      expect(m.version).toBe((lastVersion.get(m.id) ?? 0) + 1)
      lastVersion.set(m.id, m.version)
    }
  })

  it('lists as open exactly the events whose last version is not finished', () => {
    const latest = new Map(messages.map((m) => [m.id, m]))
    const expected = [...latest.values()].filter((m) => !isTerminal(m.status)).map((m) => m.id)
    expect(open.map((e) => e.id).sort()).toEqual(expected.sort())
    for (const e of open) expect(latest.get(e.id)).toBe(e)
  })

  it('is deterministic', () => {
    expect(JSON.stringify(backlog(3).messages)).toBe(JSON.stringify(messages))
  })
})
