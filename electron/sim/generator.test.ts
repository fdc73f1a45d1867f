import { describe, expect, it } from 'vitest'
import { DOMAINS, EVENT_SOURCES, zsEventSchema, type ZsEvent } from '../contract'
import { CATEGORIES, TEMPLATES } from './catalog'
import { buildXiyangRegistry } from './county'
import { createEventGenerator } from './generator'

const registry = buildXiyangRegistry()
const START = Date.parse('2026-11-27T09:00:00+08:00')

function generate(count: number, seed: number, runTag = ''): ZsEvent[] {
  const generator = createEventGenerator({ registry, seed, runTag })
  return Array.from({ length: count }, (_, i) => generator.create(START + i * 37_000))
}

const events = generate(1000, 2026)

describe('event generator', () => {
  it('produces 1,000 events that all validate against zs.event/1', () => {
    for (const event of events) {
      const parsed = zsEventSchema.safeParse(event)
      expect(parsed.success ? 'ok' : `${event.id}: ${parsed.error.message}`).toBe('ok')
      expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(256 * 1024)
    }
  })

  it('covers the five sources, three domains and four severities', () => {
    const platformSources = EVENT_SOURCES.filter((s) => s !== 'video')
    expect(new Set(events.map((e) => e.source))).toEqual(new Set(platformSources))
    expect(new Set(events.map((e) => e.domain))).toEqual(new Set(DOMAINS))
    expect(new Set(events.map((e) => e.severity))).toEqual(new Set([1, 2, 3, 4]))
  })

  it('weights severities towards 一般/较大 and keeps 特别重大 rare', () => {
    const count = (s: number) => events.filter((e) => e.severity === s).length
    expect(count(1) + count(2)).toBeGreaterThan(700)
    expect(count(4)).toBeGreaterThan(0)
    expect(count(4)).toBeLessThan(60)
  })

  it('gives citizens their channels and every source a reporter', () => {
    const citizenChannels = new Set(events.filter((e) => e.source === 'citizen').map((e) => e.channel))
    expect(citizenChannels).toEqual(new Set(['hotline_12345', 'mailbox', 'app', 'walk_in']))
    for (const e of events) {
      expect(e.reporter?.name).toBeTruthy()
      if (e.source === 'grid_patrol') expect(e.reporter?.role).toBe('grid_worker')
      if (e.source === 'citizen') expect(e.reporter?.phone).toMatch(/^139\d{8}$/)
    }
  })

  it('uses ids EV-YYYYMMDD-NNNNNN, unique, with an optional run tag', () => {
    for (const e of events) expect(e.id).toMatch(/^EV-20261127-\d{6}$/)
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length)
    expect(events[0].id).toBe('EV-20261127-000001')
    expect(generate(1, 1, 'K7Q2A')[0].id).toBe('EV-20261127-000001-K7Q2A')
  })

  it('starts as reported, or resolved on the spot by a grid worker', () => {
    const onSite = events.filter((e) => e.status === 'resolved')
    expect(onSite.length).toBeGreaterThan(0)
    for (const e of events) {
      expect(e.version).toBe(1)
      expect(e.drill).toBe(false)
      expect(['reported', 'resolved']).toContain(e.status)
      expect(e.resolvedOnSite).toBe(e.status === 'resolved')
    }
    for (const e of onSite) expect(e.source).toBe('grid_patrol')
  })

  it('writes +08:00 timestamps, occurredAt ≤ reportedAt = updatedAt', () => {
    for (const e of events) {
      expect(e.reportedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)
      expect(e.updatedAt).toBe(e.reportedAt)
      expect(Date.parse(e.occurredAt ?? '')).toBeLessThanOrEqual(Date.parse(e.reportedAt))
    }
    expect(events[0].reportedAt).toBe('2026-11-27T09:00:00+08:00')
  })

  it('locates events in the registry: township, village, grid, micro-grid', () => {
    const townships = new Map(registry.townships.map((t) => [t.code, t.name]))
    const villages = new Map(registry.villages.map((v) => [v.code, v]))
    const grids = new Map(registry.grids.map((g) => [g.id, g]))
    const micro = new Map(registry.microGrids.map((m) => [m.id, m]))
    let withMicroGrid = 0
    let onDedicated = 0
    for (const { location } of events) {
      expect(location.township).toBe(townships.get(location.townshipCode))
      const village = villages.get(location.villageCode ?? '')
      expect(village?.townshipCode).toBe(location.townshipCode)
      expect(location.village).toBe(village?.name)
      const grid = grids.get(location.gridId ?? '')
      expect(grid?.villageCode).toBe(location.villageCode)
      if (grid?.kind === 'dedicated') onDedicated++
      if (location.microGridId) {
        withMicroGrid++
        expect(micro.get(location.microGridId)?.gridId).toBe(location.gridId)
      }
      expect(location.address).toBeTruthy()
      expect(Math.abs((location.lat ?? 0) - 37.6)).toBeLessThan(0.35)
      expect(Math.abs((location.lng ?? 0) - 113.75)).toBeLessThan(0.4)
    }
    expect(withMicroGrid).toBeGreaterThan(500)
    expect(onDedicated).toBeGreaterThan(50)
  })

  it('writes Chinese titles that name real places', () => {
    const names = [
      ...registry.villages.map((v) => v.name),
      ...registry.townships.map((t) => t.name),
      ...registry.communities.map((c) => c.name),
    ]
    const dedicated = registry.grids.filter((g) => g.kind === 'dedicated').map((g) => g.name)
    const streets = ['路', '街']
    let named = 0
    for (const e of events) {
      expect(e.title.length).toBeLessThanOrEqual(200)
      expect(e.title).toMatch(/[\u4e00-\u9fa5]/)
      expect(e.description).toBeTruthy()
      if ([...names, ...dedicated].some((n) => e.title.includes(n)) || streets.some((s) => e.title.includes(s))) named++
    }
    expect(named).toBe(events.length)
  })

  it('has routing for every category it generates, and unique template keys', () => {
    for (const t of TEMPLATES) expect(CATEGORIES[t.category], t.category).toBeDefined()
    expect(new Set(TEMPLATES.map((t) => t.key)).size).toBe(TEMPLATES.length)
    const units = new Set(registry.units.map((u) => u.id))
    for (const info of Object.values(CATEGORIES))
      for (const u of info.units) expect(u === 'TOWNSHIP' || units.has(u), u).toBe(true)
  })

  it('gives the same output for the same seed, and another for another seed', () => {
    expect(JSON.stringify(generate(200, 2026))).toBe(JSON.stringify(events.slice(0, 200)))
    expect(JSON.stringify(generate(200, 2027))).not.toBe(JSON.stringify(events.slice(0, 200)))
  })
})
