import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { eventActionSchema, eventLocationSchema, zsEventSchema } from '../../contract'
import { decodeJson } from './decode'
import { certainlyValidEvent, CHECKED_FIELDS } from './event-fastpath'
import { validEvent } from './test-event'

/** Every field the contract defines, all filled, at their limits where it matters. */
function fullEvent(): Record<string, unknown> {
  return {
    ...validEvent(),
    channel: 'app',
    location: {
      townshipCode: '140724102',
      township: '冶头镇',
      villageCode: '140724102201',
      village: '东固壁村',
      gridId: 'G-1',
      microGridId: 'MG-1',
      address: '东固壁村北沟',
      lat: -90,
      lng: 180,
    },
    assignee: { unitId: 'U-1', unitName: '冶头镇综治中心' },
    deadline: '2026-11-28T09:20:31.5+08:00',
    lastAction: { action: 'dispatch', by: '值班员', at: '2026-11-27T09:30:00Z', note: '转办' },
    supervision: { level: 3, note: '督办', by: '县中心', at: '2026-11-27T10:00:00+08:00' },
    satisfaction: 'basically_satisfied',
    resolvedOnSite: true,
    attachments: [{ kind: 'photo', url: '', name: 'a.jpg' }],
    relatedIds: ['EV-1', 'x'.repeat(64)],
    drill: null,
    extra: { anything: [1, 2, 3] },
  }
}

/** Paths of every value in a JSON value (arrays by index). */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [at]
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])))
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]))
  return out
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown {
  if (path.length === 0) return value
  const copy = structuredClone(root) as Record<string | number, unknown>
  let node = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  const last = path[path.length - 1]
  if (remove) delete node[last]
  else node[last] = value
  return copy
}

/** Strings at, below and above every length limit of the schema. */
const LIMITS = [1, 32, 64, 100, 200, 500, 2000, 4000, 20000]
const atLimits = LIMITS.flatMap((n) => [n - 1, n, n + 1]).flatMap((n) => ['x'.repeat(n), '𠮷'.repeat(Math.ceil(n / 2))])

/** Values near every limit and of every wrong kind. */
const SPECIAL: unknown[] = [
  ...atLimits,
  null,
  0,
  -1,
  1,
  1.5,
  4,
  5,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  -91,
  90.0001,
  180.5,
  Infinity,
  -Infinity,
  NaN,
  '',
  'x'.repeat(32),
  'x'.repeat(33),
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(100),
  'x'.repeat(101),
  'x'.repeat(200),
  'x'.repeat(201),
  'x'.repeat(2000),
  'x'.repeat(2001),
  '𠮷'.repeat(33),
  'zs.event/2',
  'citizen',
  'video',
  'governance',
  'closed',
  'satisfied',
  'unknown',
  '2026-11-27T09:20:31+08:00',
  '2026-11-27T09:20:31',
  '2026-02-29T09:20:31Z',
  '2028-02-29T09:20:31Z',
  '2026-11-27T24:00:00Z',
  '2026-11-27 09:20:31+08:00',
  true,
  false,
  [],
  {},
  [null],
  ['x'],
  Array.from({ length: 101 }, (_, i) => `id-${i}`),
  { url: 'u' },
  { url: 1 },
  { townshipCode: '1' },
  { action: '' },
  { level: 0 },
  { level: 4 },
]
const adversarial = fc.oneof(
  fc.anything({ withNullPrototype: true, withObjectString: true }),
  fc.constantFrom(...SPECIAL),
)

const zodAccepts = (v: unknown) => zsEventSchema.safeParse(v).success

describe('certainlyValidEvent (the fast path of zs.event/1)', () => {
  it('knows every field of the schema, so none goes unchecked', () => {
    // The object inside nullish()/array() wrappers.
    const objectOf = (s: z.ZodType): z.ZodObject => {
      const def = (s as unknown as { _zod: { def: { innerType?: z.ZodType; element?: z.ZodType } } })._zod.def
      if (s instanceof z.ZodObject) return s
      return objectOf((def.innerType ?? def.element)!)
    }
    const keys = (s: z.ZodType) => Object.keys(objectOf(s).shape).sort()
    const shape = zsEventSchema.shape
    expect([...CHECKED_FIELDS.event].sort()).toEqual(keys(zsEventSchema))
    expect([...CHECKED_FIELDS.location].sort()).toEqual(keys(eventLocationSchema))
    expect([...CHECKED_FIELDS.lastAction].sort()).toEqual(keys(eventActionSchema))
    expect([...CHECKED_FIELDS.reporter].sort()).toEqual(keys(shape.reporter))
    expect([...CHECKED_FIELDS.assignee].sort()).toEqual(keys(shape.assignee))
    expect([...CHECKED_FIELDS.supervision].sort()).toEqual(keys(shape.supervision))
    expect([...CHECKED_FIELDS.attachment].sort()).toEqual(keys(shape.attachments))
  })

  it('accepts ordinary and fully filled valid events (the schema agrees)', () => {
    for (const e of [validEvent(), fullEvent(), { ...validEvent(), reporter: null, description: undefined }]) {
      expect(zodAccepts(e)).toBe(true)
      expect(certainlyValidEvent(e)).toBe(true)
    }
  })

  it('never accepts what the schema rejects: one field of a full event replaced or removed', () => {
    const base = fullEvent()
    const all = paths(base)
    let fastAccepted = 0
    let schemaRejected = 0
    fc.assert(
      fc.property(fc.nat(all.length - 1), adversarial, fc.boolean(), (i, value, remove) => {
        const candidate = setAt(base, all[i], value, remove && all[i].length > 0)
        const fast = certainlyValidEvent(candidate)
        const schema = zodAccepts(candidate)
        if (fast) fastAccepted++
        if (!schema) schemaRejected++
        if (fast) expect(schema).toBe(true)
      }),
      { numRuns: 10_000 },
    )
    // The test means something only if both verdicts occur often.
    expect(fastAccepted).toBeGreaterThan(1_000)
    expect(schemaRejected).toBeGreaterThan(1_000)
  })

  it('never accepts what the schema rejects: every field of a full event set to every special value, or removed', () => {
    const base = fullEvent()
    let checked = 0
    for (const path of paths(base).filter((p) => p.length > 0)) {
      for (const candidate of [
        setAt(base, path, undefined, true),
        ...SPECIAL.map((v) => setAt(base, path, v, false)),
      ]) {
        if (certainlyValidEvent(candidate) && !zodAccepts(candidate))
          throw new Error(
            `accepted what the schema rejects at ${path.join('.')}: ${JSON.stringify(candidate).slice(0, 300)}`,
          )
        checked++
      }
    }
    expect(checked).toBeGreaterThan(3_000)
  })

  it('never accepts what the schema rejects: arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        if (certainlyValidEvent(v)) expect(zodAccepts(v)).toBe(true)
      }),
      { numRuns: 5_000 },
    )
  })

  it('leaves the reason to the schema: decodeJson words a rejection the same with or without it', () => {
    const bad = Buffer.from(JSON.stringify({ ...validEvent(), severity: 5, location: { townshipCode: '' } }))
    const withFast = decodeJson(bad, zsEventSchema, 1 << 20, certainlyValidEvent)
    const without = decodeJson(bad, zsEventSchema, 1 << 20)
    expect(withFast).toEqual(without)
    expect(withFast.ok).toBe(false)
    if (!withFast.ok) expect(withFast.reason).toMatch(/^schema: severity: .*location\.townshipCode/)
  })

  it('a valid message decodes to the same event with or without it', () => {
    const bytes = Buffer.from(JSON.stringify(fullEvent()))
    const withFast = decodeJson(bytes, zsEventSchema, 1 << 20, certainlyValidEvent)
    const without = decodeJson(bytes, zsEventSchema, 1 << 20)
    expect(withFast).toEqual(without)
  })
})
