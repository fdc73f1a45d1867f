import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseFrigateConfig, type FrigateConfig } from '../domain/frigate-config'
import { event, FRIGATE_CONFIG, review, T0 } from '../domain/frigate-fixtures'
import { createCountersRepo } from '../store/counters-repo'
import { openDatabase, type Db } from '../store/database'
import { createEventsRepo } from '../store/events-repo'
import { createFrigateRepo } from '../store/frigate-repo'
import { createQuarantineRepo } from '../store/quarantine-repo'
import { createRegistryRepo } from '../store/registry-repo'
import { createVideoAlertsRepo } from '../store/video-alerts-repo'
import { createIngest } from './ingest'

const enc = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v))
const REVIEW_ID = `${T0}-fqk5ka`
const EVENT_ID = `${T0}-cxa8gg`

describe('ingest of Frigate messages', () => {
  let dir: string
  let db: Db
  const make = (config: FrigateConfig | undefined, now = () => new Date('2026-11-27T13:15:00Z')) => {
    db = openDatabase({ dataDir: dir })
    const counters = createCountersRepo(db)
    const quarantine = createQuarantineRepo(db)
    const videoAlerts = createVideoAlertsRepo(db)
    const ingest = createIngest({
      db,
      topicRoot: 'zs',
      hallId: 'hall-1',
      events: createEventsRepo(db),
      quarantine,
      registry: createRegistryRepo(db),
      counters,
      videoAlerts,
      frigate: config ? { config, repo: createFrigateRepo(db) } : undefined,
      now,
    })
    return { ingest, counters, quarantine, videoAlerts }
  }
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zs-frigate-'))
  })
  afterEach(() => {
    db?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('reviews: each distinct message is a version; the exact same message again is a duplicate', () => {
    const { ingest, counters, videoAlerts } = make(parseFrigateConfig(FRIGATE_CONFIG))
    expect(ingest.ingest('frigate/reviews', enc(review('new')))).toMatchObject({ kind: 'video_alert', outcome: 'new' })
    const update = enc(review('update', {}, { objects: ['car'], zones: ['fire_lane'] }))
    expect(ingest.ingest('frigate/reviews', update)).toMatchObject({ outcome: 'updated' })
    expect(ingest.ingest('frigate/reviews', update)).toEqual({
      kind: 'video_alert',
      outcome: 'duplicate',
      id: REVIEW_ID,
    })
    expect(ingest.ingest('frigate/reviews', enc(review('new')))).toMatchObject({ outcome: 'duplicate' })
    expect(ingest.ingest('frigate/reviews', enc(review('end', { end_time: T0 + 90 })))).toMatchObject({
      kind: 'ignored',
    })
    const s = videoAlerts.summary(REVIEW_ID)
    expect(s).toMatchObject({ version: 2, versionCount: 2, type: 'fire_lane_blocked', communityId: 'C-JBY' })
    expect(counters.snapshot()).toMatchObject({ received: 5, stored: 2, duplicates: 2, ignored: 1, quarantined: 0 })
  })

  it('unmapped cameras and labels are ignored and counted, never quarantined; malformed JSON is quarantined', () => {
    const { ingest, counters, quarantine } = make(parseFrigateConfig(FRIGATE_CONFIG))
    expect(ingest.ingest('frigate/reviews', enc(review('new', { camera: 'backyard' })))).toMatchObject({
      kind: 'ignored',
      reason: 'frigate: camera "backyard" is not mapped',
    })
    expect(ingest.ingest('frigate/reviews', enc(review('new', {}, { objects: ['person'] })))).toMatchObject({
      kind: 'ignored',
    })
    expect(ingest.ingest('frigate/reviews', enc('{"type":"new","after":'))).toMatchObject({ kind: 'quarantined' })
    expect(ingest.ingest('frigate/reviews', enc({ type: 'new', after: { id: 'x' } }))).toMatchObject({
      kind: 'quarantined',
    })
    // The events topic is not subscribed in reviews mode: not under the root, so unknown.
    expect(ingest.ingest('frigate/events', enc(event('new')))).toMatchObject({ kind: 'quarantined' })
    const reasons = quarantine.list(undefined, 10).items.map((q) => q.reason)
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^not_json: frigate reviews: /),
        expect.stringMatching(/^schema: frigate reviews: after\.camera/),
      ]),
    )
    expect(counters.snapshot()).toMatchObject({ received: 5, ignored: 2, quarantined: 3, stored: 0 })
  })

  it('events: stationary re-publications within the cooldown add no version; after it, one', () => {
    const { ingest, counters, videoAlerts } = make({ ...parseFrigateConfig(FRIGATE_CONFIG), source: 'events' })
    const at = (minutes: number, over: Record<string, unknown> = {}) =>
      enc(event('update', { stationary: true, motionless_count: minutes * 5, frame_time: T0 + minutes * 60, ...over }))
    expect(ingest.ingest('frigate/events', enc(event('new')))).toMatchObject({ outcome: 'new' })
    expect(ingest.ingest('frigate/events', at(5))).toMatchObject({ kind: 'ignored' })
    expect(ingest.ingest('frigate/events', at(30, { box: [430, 505, 540, 715] }))).toMatchObject({ kind: 'ignored' })
    expect(ingest.ingest('frigate/events', at(75))).toMatchObject({ outcome: 'updated' })
    expect(ingest.ingest('frigate/events', at(80))).toMatchObject({ kind: 'ignored' })
    expect(ingest.ingest('frigate/events', enc(event('update', { false_positive: true })))).toMatchObject({
      kind: 'ignored',
      reason: 'frigate: false positive',
    })
    expect(videoAlerts.summary(EVENT_ID)).toMatchObject({ version: 2, confidence: 0.958984375, boxCount: 1 })
    expect(counters.snapshot()).toMatchObject({ stored: 2, ignored: 4 })
  })

  it('without the adapter, Frigate topics are not routed (not under the root)', () => {
    const { ingest } = make(undefined)
    expect(ingest.ingest('frigate/reviews', enc(review('new')))).toMatchObject({
      kind: 'quarantined',
      item: { reason: expect.stringMatching(/^unknown_topic/) },
    })
  })
})
