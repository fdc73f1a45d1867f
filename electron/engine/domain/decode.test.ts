import { describe, expect, it } from 'vitest'
import { EVENT_MAX_BYTES, zsEventSchema } from '../../contract'
import { decodeJson } from './decode'
import { routeTopic } from './topics'
import { validEvent } from './test-event'

const bytes = (s: string) => new TextEncoder().encode(s)

describe('decodeJson', () => {
  it('accepts a valid event and keeps unknown fields', () => {
    const d = decodeJson(bytes(JSON.stringify({ ...validEvent(), extra: { a: 1 } })), zsEventSchema, EVENT_MAX_BYTES)
    expect(d.ok).toBe(true)
    if (d.ok) expect((d.value.message as Record<string, unknown>).extra).toEqual({ a: 1 })
  })

  it.each([
    ['not JSON', bytes('{"schema": '), /^not_json/],
    ['an array', bytes('[1,2]'), /^not_object: the payload is an array/],
    ['null', bytes('null'), /^not_object/],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /^invalid_utf8/],
    ['severity out of range', bytes(JSON.stringify({ ...validEvent(), severity: 9 })), /^schema: severity/],
    ['missing townshipCode', bytes(JSON.stringify({ ...validEvent(), location: {} })), /location\.townshipCode/],
    ['title too long', bytes(JSON.stringify({ ...validEvent(), title: 'x'.repeat(201) })), /^schema: title/],
    [
      'timestamp without offset',
      bytes(JSON.stringify({ ...validEvent(), reportedAt: '2026-11-27T09:20:31' })),
      /reportedAt/,
    ],
    ['version 0', bytes(JSON.stringify({ ...validEvent(), version: 0 })), /version/],
    ['wrong schema name', bytes(JSON.stringify({ ...validEvent(), schema: 'zs.event/2' })), /schema/],
  ])('rejects %s with a reason', (_name, payload, reason) => {
    const d = decodeJson(payload, zsEventSchema, EVENT_MAX_BYTES)
    expect(d.ok).toBe(false)
    if (!d.ok) expect(d.reason).toMatch(reason)
  })

  it('rejects an oversized payload before parsing it', () => {
    const big = bytes(JSON.stringify({ ...validEvent(), description: 'x'.repeat(EVENT_MAX_BYTES) }))
    const d = decodeJson(big, zsEventSchema, EVENT_MAX_BYTES)
    expect(d.ok).toBe(false)
    if (!d.ok) expect(d.reason).toMatch(/^too_large/)
  })

  it('treats a __proto__ key as plain data', () => {
    const text = JSON.stringify(validEvent()).replace(/^\{/, '{"__proto__":{"polluted":true},')
    const d = decodeJson(bytes(text), zsEventSchema, EVENT_MAX_BYTES)
    expect(d.ok).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('routeTopic', () => {
  it('routes the contract topics', () => {
    const real = { drillRunId: null }
    expect(routeTopic('zs/events/citizen', 'zs', 'h1')).toEqual({ kind: 'event', source: 'citizen', ...real })
    expect(routeTopic('zs/registry', 'zs', 'h1')).toEqual({ kind: 'registry', ...real })
    expect(routeTopic('county/events/video', 'county', 'h1')).toEqual({ kind: 'event', source: 'video', ...real })
    expect(routeTopic('zs/video/alerts/C-JBY', 'zs', 'h1')).toEqual({
      kind: 'video_alert',
      communityId: 'C-JBY',
      ...real,
    })
    expect(routeTopic('zs/zero-reports/140724100', 'zs', 'h1')).toEqual({
      kind: 'zero_report',
      unitCode: '140724100',
      ...real,
    })
    expect(routeTopic('zs/acks/h1', 'zs', 'h1')).toEqual({ kind: 'ack', ...real })
  })
  it('routes the drill namespace with its run id', () => {
    expect(routeTopic('zs/drill/r1/events/opinion', 'zs', 'h1')).toEqual({
      kind: 'event',
      source: 'opinion',
      drillRunId: 'r1',
    })
    expect(routeTopic('zs/drill/r1/acks/h1', 'zs', 'h1')).toEqual({ kind: 'ack', drillRunId: 'r1' })
    expect(routeTopic('zs/drill/r1', 'zs', 'h1')).toMatchObject({ kind: 'unknown' })
  })
  it('ignores own command echoes and other halls', () => {
    expect(routeTopic('zs/commands/h1', 'zs', 'h1')).toMatchObject({ kind: 'ignore' })
    expect(routeTopic('zs/acks/h2', 'zs', 'h1')).toMatchObject({ kind: 'ignore' })
    expect(routeTopic('zs/halls/h2/status', 'zs', 'h1')).toMatchObject({ kind: 'ignore' })
  })
  it('marks everything else unknown with a reason', () => {
    expect(routeTopic('zs/events/weather', 'zs')).toMatchObject({ kind: 'unknown' })
    expect(routeTopic('zs/events/citizen/extra', 'zs')).toMatchObject({ kind: 'unknown' })
    expect(routeTopic('other/events/citizen', 'zs')).toMatchObject({ kind: 'unknown' })
  })
})

describe('nesting depth', () => {
  it('counts only structure, not brackets inside strings', async () => {
    const { nestsDeeperThan } = await import('./decode')
    expect(nestsDeeperThan('{"a":"[[[[[[[[[[","b":"\\"{{{{"}', 2)).toBe(false)
    expect(nestsDeeperThan('[[[1]]]', 3)).toBe(false)
    expect(nestsDeeperThan('[[[[1]]]]', 3)).toBe(true)
  })
  it('quarantines documents nested deeper than the limit as too_deep', () => {
    const deep = JSON.stringify(validEvent()).replace(/^\{/, `{"extra":${'['.repeat(5000)}${']'.repeat(5000)},`)
    const d = decodeJson(bytes(deep), zsEventSchema, EVENT_MAX_BYTES)
    expect(d.ok).toBe(false)
    if (!d.ok) expect(d.reason).toMatch(/^too_deep/)
  })
})
