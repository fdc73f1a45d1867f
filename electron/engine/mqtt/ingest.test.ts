import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { validEvent } from '../domain/test-event'
import { createCountersRepo } from '../store/counters-repo'
import { openDatabase, type Db } from '../store/database'
import { createEventsRepo } from '../store/events-repo'
import { createQuarantineRepo } from '../store/quarantine-repo'
import { createRegistryRepo } from '../store/registry-repo'
import { createIngest } from './ingest'

const enc = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v))

describe('ingest on a real SQLite file', () => {
  let dir: string
  let db: Db
  const make = () => {
    db = openDatabase({ dataDir: dir })
    const events = createEventsRepo(db)
    const quarantine = createQuarantineRepo(db)
    const registry = createRegistryRepo(db)
    const counters = createCountersRepo(db)
    return {
      events,
      quarantine,
      counters,
      ingest: createIngest({ db, topicRoot: 'zs', hallId: 'hall-1', events, quarantine, registry, counters }),
    }
  }
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zs-ingest-'))
  })
  afterEach(() => {
    db?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps the highest version as the state and every version as the trace', () => {
    const { ingest, events, counters } = make()
    const topic = 'zs/events/grid_patrol'
    expect(ingest.ingest(topic, enc(validEvent({ version: 1 })))).toMatchObject({ outcome: 'new' })
    expect(ingest.ingest(topic, enc(validEvent({ version: 3, status: 'dispatched' })))).toMatchObject({
      outcome: 'updated',
    })
    expect(ingest.ingest(topic, enc(validEvent({ version: 2, status: 'accepted' })))).toMatchObject({
      outcome: 'stale',
    })
    expect(ingest.ingest(topic, enc(validEvent({ version: 3, status: 'dispatched' })))).toMatchObject({
      outcome: 'duplicate',
    })

    const got = events.get('EV-20261127-000123')!
    expect(got.summary.version).toBe(3)
    expect(got.summary.status).toBe('dispatched')
    expect(got.summary.versionCount).toBe(3)
    expect(got.versions.map((v) => v.version)).toEqual([3, 2, 1])
    expect(counters.snapshot()).toEqual({ received: 4, stored: 2, duplicates: 1, stale: 1, quarantined: 0, ignored: 0 })
  })

  it('stores the trace as the text received (bound as bytes), without a byte order mark', () => {
    const { ingest, events } = make()
    const text = JSON.stringify(validEvent({ title: '金博园小区 “垃圾” 清运 ✓ 🚒', version: 1 }))
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])
    expect(ingest.ingest('zs/events/grid_patrol', withBom)).toMatchObject({ outcome: 'new' })
    expect(
      ingest.ingest('zs/events/grid_patrol', enc(JSON.parse(text.replace('"version":1', '"version":2')))),
    ).toMatchObject({
      outcome: 'updated',
    })
    const rows = db
      .prepare(
        "SELECT version, typeof(payload) AS type, payload, json_extract(payload, '$.title') AS title FROM event_versions ORDER BY version",
      )
      .all() as { version: number; type: string; payload: string; title: string }[]
    expect(rows.map((r) => r.type)).toEqual(['text', 'text'])
    expect(rows[0].payload).toBe(text)
    expect(rows[0].title).toBe('金博园小区 “垃圾” 清运 ✓ 🚒')
    expect(events.get('EV-20261127-000123')!.versions.map((v) => v.payload.title)).toEqual([
      '金博园小区 “垃圾” 清运 ✓ 🚒',
      '金博园小区 “垃圾” 清运 ✓ 🚒',
    ])
  })

  it('quarantines bad input with its reason and raw bytes, and keeps going', () => {
    const { ingest, quarantine, events } = make()
    ingest.ingest('zs/events/citizen', enc('not json at all'))
    ingest.ingest('zs/events/citizen', enc(validEvent({ source: 'grid_patrol' })))
    ingest.ingest('zs/unknown/topic', enc(validEvent()))
    ingest.ingest('zs/events/grid_patrol', enc(validEvent({ id: 'EV-OK' })))
    const q = quarantine.list(undefined, 10)
    expect(q.total).toBe(3)
    expect(q.items.map((i) => i.reason.split(':')[0])).toEqual(['unknown_topic', 'topic_mismatch', 'not_json'])
    expect(q.items[2].rawText).toBe('not json at all')
    expect(events.summary('EV-OK')).not.toBeNull()
  })

  it('truncates quarantined raw bytes at 64 KiB but records the real size', () => {
    const { ingest, quarantine } = make()
    const big = Buffer.alloc(300 * 1024, 0x61)
    ingest.ingest('zs/events/citizen', big)
    const [item] = quarantine.list(undefined, 1).items
    expect(item.reason).toMatch(/^too_large/)
    expect(item.size).toBe(300 * 1024)
    expect(item.truncated).toBe(true)
    expect(Buffer.from(item.rawBase64, 'base64').byteLength).toBe(64 * 1024)
  })

  it('counters and state survive reopening the file', () => {
    const first = make()
    first.ingest.ingest('zs/events/grid_patrol', enc(validEvent()))
    first.ingest.ingest('zs/events/grid_patrol', enc(validEvent()))
    db.close()
    const second = make()
    expect(second.counters.snapshot()).toMatchObject({ received: 2, stored: 1, duplicates: 1 })
    expect(second.events.count()).toBe(1)
  })

  it('pages newest first by keyset and filters', () => {
    const { ingest, events } = make()
    for (let i = 0; i < 25; i++) {
      const minute = String(i).padStart(2, '0')
      ingest.ingest(
        'zs/events/citizen',
        enc(
          validEvent({
            id: `EV-${minute}`,
            source: 'citizen',
            severity: i % 2 ? 1 : 3,
            title: i === 7 ? '供暖不热 100% 投诉' : `事件${i}`,
            reportedAt: `2026-11-27T10:${minute}:00+08:00`,
            updatedAt: `2026-11-27T10:${minute}:00+08:00`,
          }),
        ),
      )
    }
    const p1 = events.list({ limit: 10 })
    expect(p1.items[0].id).toBe('EV-24')
    const p2 = events.list({ limit: 10, cursor: p1.nextCursor! })
    const p3 = events.list({ limit: 10, cursor: p2.nextCursor! })
    expect([...p1.items, ...p2.items, ...p3.items].map((e) => e.id)).toHaveLength(25)
    expect(p3.nextCursor).toBeNull()
    expect(events.list({ severity: 3 }).items.every((e) => e.severity === 3)).toBe(true)
    expect(events.list({ text: '100%' }).items.map((e) => e.id)).toEqual(['EV-07'])
    expect(events.list({ text: '%' }).items.map((e) => e.id)).toEqual(['EV-07'])
  })

  it('keeps drill events apart from real ones and checks the drill flag against the namespace', () => {
    const { ingest, events, quarantine } = make()
    ingest.ingest('zs/events/grid_patrol', enc(validEvent({ id: 'EV-SAME' })))
    ingest.ingest(
      'zs/drill/run-7/events/grid_patrol',
      enc(validEvent({ id: 'EV-SAME', drill: true, title: '演练：危化品泄漏' })),
    )
    expect(events.summary('EV-SAME')).toMatchObject({ drill: false, drillRunId: null })
    expect(events.summary('EV-SAME', 'run-7')).toMatchObject({
      drill: true,
      drillRunId: 'run-7',
      title: '演练：危化品泄漏',
    })
    expect(events.list({ drill: 'exclude' }).items.map((e) => e.drillRunId)).toEqual([null])
    expect(events.list({ drill: 'only' }).items.map((e) => e.drillRunId)).toEqual(['run-7'])

    ingest.ingest('zs/drill/run-7/events/grid_patrol', enc(validEvent({ id: 'EV-NOFLAG' })))
    ingest.ingest('zs/events/grid_patrol', enc(validEvent({ id: 'EV-FLAGGED', drill: true })))
    expect(quarantine.list(undefined, 10).items.map((i) => i.reason.split(':')[0])).toEqual([
      'drill_flag',
      'drill_flag',
    ])
  })

  it('ignores its own commands echoed and other halls’ traffic without quarantine', () => {
    const { ingest, counters } = make()
    ingest.ingest('zs/commands/hall-1', enc({ schema: 'zs.command/1' }))
    ingest.ingest('zs/halls/hall-2/status', enc({ online: true }))
    ingest.ingest('zs/acks/hall-2', enc({ schema: 'zs.ack/1' }))
    expect(counters.snapshot()).toMatchObject({ received: 3, ignored: 3, quarantined: 0 })
  })

  it('quarantines a message the engine fails on (not a store failure) instead of wedging the link', () => {
    const { ingest, events, quarantine, counters } = make()
    const realApply = events.apply
    events.apply = (e, ...rest) => {
      if (e.id === 'EV-POISON') throw new TypeError('cannot handle this one')
      return realApply(e, ...rest)
    }
    ingest.add('zs/events/grid_patrol', enc(validEvent({ id: 'EV-A' })))
    ingest.add('zs/events/grid_patrol', enc(validEvent({ id: 'EV-POISON' })))
    ingest.add('zs/events/grid_patrol', enc(validEvent({ id: 'EV-B' })))
    ingest.commit()
    expect(events.summary('EV-A')).not.toBeNull()
    expect(events.summary('EV-B')).not.toBeNull()
    expect(events.summary('EV-POISON')).toBeNull()
    expect(quarantine.list(undefined, 5).items[0].reason).toBe('internal: cannot handle this one')
    expect(counters.snapshot()).toMatchObject({ received: 3, stored: 2, quarantined: 1 })
  })

  it('undoes the partial writes of a message that fails halfway, and keeps the rest of its batch', () => {
    const { ingest, events, quarantine, counters } = make()
    const realApply = events.apply
    events.apply = (e, ...rest) => {
      const r = realApply(e, ...rest)
      if (e.id === 'EV-HALFWAY') throw new TypeError('failed after writing')
      return r
    }
    ingest.add('zs/events/grid_patrol', enc(validEvent({ id: 'EV-A' })))
    ingest.add('zs/events/grid_patrol', enc(validEvent({ id: 'EV-HALFWAY' })))
    ingest.add('zs/events/grid_patrol', enc(validEvent({ id: 'EV-B' })))
    ingest.add('zs/events/grid_patrol', enc(validEvent({ id: 'EV-HALFWAY', version: 2 })))
    ingest.add('zs/events/grid_patrol', enc(validEvent({ id: 'EV-C' })))
    const results = ingest.commit()
    expect(results.map((r) => r.kind)).toEqual(['event', 'quarantined', 'event', 'quarantined', 'event'])
    expect(['EV-A', 'EV-B', 'EV-C'].map((id) => events.summary(id)?.id)).toEqual(['EV-A', 'EV-B', 'EV-C'])
    // Neither the state nor a trace row of the failed message remains, and the counts agree.
    expect(events.get('EV-HALFWAY')).toBeNull()
    expect(events.count()).toBe(3)
    expect(quarantine.list(undefined, 5).items.map((i) => i.reason)).toEqual([
      'internal: failed after writing',
      'internal: failed after writing',
    ])
    expect(counters.snapshot()).toMatchObject({ received: 5, stored: 3, quarantined: 2 })
    // The next batch runs optimistically again.
    events.apply = realApply
    ingest.ingest('zs/events/grid_patrol', enc(validEvent({ id: 'EV-HALFWAY', version: 3 })))
    expect(events.summary('EV-HALFWAY')?.version).toBe(3)
    expect(events.get('EV-HALFWAY')!.versions.map((v) => v.version)).toEqual([3])
  })
})
