import { describe, expect, it } from 'vitest'
import { zsEventSchema } from '../../electron/contract/payloads'
import { makeEvent, nextVersion, sampleEvents } from '../fixtures/events'

describe('event fixtures', () => {
  it('makeEvent produces a valid zs.event/1 with a fresh id each time', () => {
    const a = makeEvent()
    const b = makeEvent()
    expect(zsEventSchema.safeParse(a).error).toBeUndefined()
    expect(a.id).not.toBe(b.id)
    expect(a.reportedAt).toMatch(/\+08:00$/)
  })

  it('overrides apply, location merges', () => {
    const event = makeEvent({ title: '自定义标题', severity: 4, location: { township: '乐平镇' } })
    expect(zsEventSchema.parse(event)).toMatchObject({ title: '自定义标题', severity: 4 })
    expect(event.location.townshipCode).toBe('140724102')
    expect(event.location.township).toBe('乐平镇')
  })

  it('nextVersion keeps the id and raises the version', () => {
    const v1 = makeEvent()
    const v2 = nextVersion(v1, 'accepted')
    expect(zsEventSchema.safeParse(v2).error).toBeUndefined()
    expect(v2).toMatchObject({ id: v1.id, version: 2, status: 'accepted' })
    expect(Date.parse(v2.updatedAt)).toBeGreaterThan(Date.parse(v1.updatedAt))
  })

  it('a schema-breaking override is rejected by the contract schema', () => {
    expect(zsEventSchema.safeParse(makeEvent({ severity: 9 as never })).success).toBe(false)
  })

  it('sample events are all valid and varied', () => {
    const events = sampleEvents(30)
    for (const event of events) expect(zsEventSchema.safeParse(event).error).toBeUndefined()
    expect(new Set(events.map((e) => e.source)).size).toBeGreaterThanOrEqual(5)
    expect(new Set(events.map((e) => e.location.townshipCode)).size).toBe(11)
  })
})
