import { describe, expect, it } from 'vitest'
import { zsVideoAlertSchema } from '../../contract'
import {
  frigateEventMessageSchema,
  frigateReviewMessageSchema,
  mapFrigate,
  normaliseBox,
  type FrigatePrior,
  type FrigateVerdict,
} from './frigate'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { frigateTopics, loadFrigateConfig, parseFrigateConfig, type FrigateConfig } from './frigate-config'
import { event, FRIGATE_CONFIG, review, T0 } from './frigate-fixtures'

const config = parseFrigateConfig(FRIGATE_CONFIG)
const eventsConfig: FrigateConfig = { ...config, source: 'events' }
const NOW = Date.parse('2026-11-27T21:15:00+08:00')

const mapReview = (msg: unknown, prior: FrigatePrior | null = null, c = config) =>
  mapFrigate({ source: 'reviews', message: frigateReviewMessageSchema.parse(msg) }, c, prior, NOW)
const mapEvent = (msg: unknown, prior: FrigatePrior | null = null, c = eventsConfig) =>
  mapFrigate({ source: 'events', message: frigateEventMessageSchema.parse(msg) }, c, prior, NOW)

function alertOf(v: FrigateVerdict) {
  if (v.kind !== 'alert') throw new Error(`expected an alert, got: ${v.reason}`)
  return v
}
const priorOf = (v: FrigateVerdict, version = 1): FrigatePrior => {
  const a = alertOf(v)
  return { version, raisedMs: a.atMs, signature: a.signature }
}

describe('Frigate config', () => {
  it('fills the defaults and trims the base URL', () => {
    const c = parseFrigateConfig({ cameras: { a: { communityId: 'C-1', labels: { car: 'illegal_parking' } } } })
    expect(c).toMatchObject({ topicPrefix: 'frigate', source: 'reviews', minScore: 0, stationaryCooldownMinutes: 60 })
    expect(config.baseUrl).toBe('http://nvr.jby.local:5000')
    expect(frigateTopics(c)).toEqual(['frigate/reviews'])
  })

  it('rejects a bad file with the failing paths', () => {
    expect(() =>
      parseFrigateConfig({
        source: 'snapshots',
        baseUrl: 'ftp://nvr',
        cameras: { a: { communityId: 'C-1', labels: { car: 'parking' } } },
      }),
    ).toThrow(/baseUrl: must be.*source: .*cameras\.a\.labels\.car: /s)
    expect(() => parseFrigateConfig({ cameras: {} })).toThrow(/at least one camera/)
    expect(() => parseFrigateConfig({ topicPrefix: 'frigate/#', cameras: {} })).toThrow(/wildcards/)
    expect(() =>
      parseFrigateConfig({ cameras: { a: { communityId: 'C-1', labels: { car: 'illegal_parking' }, extra: 1 } } }),
    ).toThrow(/extra/)
  })

  it('loads a file, naming it in every error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zs-frigate-config-'))
    try {
      const file = join(dir, 'frigate.json')
      writeFileSync(file, JSON.stringify(FRIGATE_CONFIG))
      expect(loadFrigateConfig(file).cameras.jby_bins.communityId).toBe('C-JBY')
      writeFileSync(file, '{"cameras": ')
      expect(() => loadFrigateConfig(file)).toThrow(`the Frigate config ${file} is not JSON`)
      writeFileSync(file, '{"cameras": {"a": {"communityId": "C-1", "labels": {"car": "parking"}}}}')
      expect(() => loadFrigateConfig(file)).toThrow(`the Frigate config ${file} is invalid: cameras.a.labels.car`)
      expect(() => loadFrigateConfig(join(dir, 'missing.json'))).toThrow(/cannot read the Frigate config/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('Frigate reviews → zs.video_alert/1', () => {
  it('maps a new review: the Frigate id, the camera mapping, the label type, start time, snapshot URL', () => {
    const v = alertOf(mapReview(review('new')))
    expect(v.alert).toEqual({
      schema: 'zs.video_alert/1',
      id: `${T0}-fqk5ka`,
      type: 'illegal_parking',
      status: 'new',
      cameraId: 'CAM-JBY-01',
      cameraName: '金博园小区东门',
      communityId: 'C-JBY',
      communityName: '金博园小区',
      propertyCompany: { id: 'P-07', name: '昔阳县安居物业服务有限公司' },
      townshipCode: '140724400',
      detectedAt: '2026-11-27T21:14:05+08:00',
      confidence: null,
      snapshot: { url: `http://nvr.jby.local:5000/api/events/${T0 - 0.4}-g92ztx/snapshot.jpg` },
      boxes: null,
      drill: false,
    })
    // With a version it is a valid contract payload.
    expect(zsVideoAlertSchema.safeParse({ ...v.alert, version: 1 }).success).toBe(true)
  })

  it('maps updates too (each message becomes a version) and takes the first mapped object', () => {
    const v = alertOf(mapReview(review('update', {}, { objects: ['person', 'bicycle', 'car'] })))
    expect(v.alert.type).toBe('ebike_indoor')
    expect(alertOf(mapReview(review('update', {}, { objects: ['car-verified'] }))).alert.type).toBe('illegal_parking')
  })

  it('a zone with a type overrides the label type', () => {
    const v = alertOf(mapReview(review('update', {}, { objects: ['car'], zones: ['fire_lane'] })))
    expect(v.alert.type).toBe('fire_lane_blocked')
    // A zone without a type changes nothing; an unmapped label in the zone is still ignored.
    expect(alertOf(mapReview(review('new', {}, { zones: ['driveway'] }))).alert.type).toBe('illegal_parking')
    expect(mapReview(review('new', {}, { objects: ['person'], zones: ['fire_lane'] })).kind).toBe('ignore')
  })

  it('end: ignored once raised (it closes nothing); raised when the hall never saw the item', () => {
    const ended = review('end', { end_time: T0 + 95 })
    expect(alertOf(mapReview(ended)).alert.id).toBe(`${T0}-fqk5ka`)
    const prior = priorOf(mapReview(review('new')))
    expect(mapReview(ended, prior)).toEqual({ kind: 'ignore', reason: expect.stringMatching(/^frigate end/) })
  })

  it('ignores unmapped cameras and labels', () => {
    expect(mapReview(review('new', { camera: 'backyard' }))).toEqual({
      kind: 'ignore',
      reason: 'frigate: camera "backyard" is not mapped',
    })
    expect(mapReview(review('new', {}, { objects: ['person', 'dog'] }))).toEqual({
      kind: 'ignore',
      reason: 'frigate: no mapped label in [person, dog] on "jby_east_gate"',
    })
  })

  it('has no snapshot without a base URL or detections', () => {
    const { baseUrl: _b, ...noUrl } = config
    void _b
    expect(alertOf(mapReview(review('new'), null, noUrl)).alert.snapshot).toBeNull()
    expect(alertOf(mapReview(review('new', {}, { detections: [] }))).alert.snapshot).toBeNull()
  })

  it('rejects malformed Frigate messages at the schema', () => {
    expect(frigateReviewMessageSchema.safeParse({ type: 'new', after: { id: 'x', camera: 'a' } }).success).toBe(false)
    expect(frigateReviewMessageSchema.safeParse({ ...review('new'), type: 'created' }).success).toBe(false)
  })
})

describe('Frigate events → zs.video_alert/1', () => {
  it('maps a new event: score as confidence, pixel box → fractions of the detect size', () => {
    const v = alertOf(mapEvent(event('new')))
    expect(v.alert).toMatchObject({
      id: `${T0}-cxa8gg`,
      type: 'illegal_parking',
      confidence: 0.958984375,
      snapshot: { url: `http://nvr.jby.local:5000/api/events/${T0}-cxa8gg/snapshot.jpg` },
    })
    expect(v.alert.boxes).toEqual([{ x: 0.33125, y: 0.694444, w: 0.0875, h: 0.294444, label: 'car' }])
    expect(v.atMs).toBe(Math.round((T0 + 3) * 1000))
    expect(zsVideoAlertSchema.safeParse({ ...v.alert, version: 1 }).success).toBe(true)
  })

  it('omits the box without a detect size, and clamps boxes to the image', () => {
    expect(normaliseBox([424, 500, 536, 712], undefined, 'car')).toBeNull()
    expect(normaliseBox([1200, 700, 1400, 800], { width: 1280, height: 720 }, 'car')).toEqual([
      { x: 0.9375, y: 0.972222, w: 0.0625, h: 0.027778, label: 'car' },
    ])
    expect(normaliseBox([10, 10, 5, 20], { width: 100, height: 100 }, 'car')).toBeNull()
  })

  it('ignores false positives, low scores, unmapped labels and cameras', () => {
    expect(mapEvent(event('new', { false_positive: true }))).toEqual({
      kind: 'ignore',
      reason: 'frigate: false positive',
    })
    expect(mapEvent(event('new', { top_score: 0.5, score: 0.5 })).kind).toBe('ignore')
    expect(mapEvent(event('new', { label: 'person' }))).toEqual({
      kind: 'ignore',
      reason: 'frigate: label "person" is not mapped on "jby_east_gate"',
    })
    expect(mapEvent(event('new', { camera: 'garage' })).kind).toBe('ignore')
  })

  it('a zone override applies to the current zones', () => {
    expect(alertOf(mapEvent(event('update', { current_zones: ['fire_lane'] }))).alert.type).toBe('fire_lane_blocked')
  })

  it('does not raise a stationary parked car again within the cooldown, and does after it', () => {
    const first = mapEvent(event('new'))
    const prior = priorOf(first)
    const stationary = (minutes: number) =>
      event('update', {
        stationary: true,
        motionless_count: 900 + minutes,
        position_changes: 3,
        box: [426, 501, 537, 713],
        score: 0.81,
        top_score: 0.97,
        frame_time: T0 + 3 + minutes * 60,
      })
    expect(mapEvent(stationary(10), prior)).toEqual({
      kind: 'ignore',
      reason: expect.stringMatching(/re-publication.*within 60 min/),
    })
    expect(mapEvent(stationary(59), prior).kind).toBe('ignore')
    const again = alertOf(mapEvent(stationary(61), prior))
    expect(again.alert.confidence).toBe(0.97)
    // After raising it again, the cooldown starts over from then.
    const prior2 = priorOf(again, 2)
    expect(mapEvent(stationary(100), prior2).kind).toBe('ignore')
    expect(mapEvent(stationary(122), prior2).kind).toBe('alert')
  })

  it('an update that changes what the alert shows is a new version at once', () => {
    const prior = priorOf(mapEvent(event('new')))
    const v = mapEvent(event('update', { stationary: true, current_zones: ['fire_lane'] }), prior)
    expect(alertOf(v).alert.type).toBe('fire_lane_blocked')
  })

  it('end of a raised event is ignored', () => {
    const prior = priorOf(mapEvent(event('new')))
    expect(mapEvent(event('end', { end_time: T0 + 600 }), prior).kind).toBe('ignore')
  })
})

describe('Frigate topics', () => {
  it('routes the configured topic only, and subscribes to it beside the root', async () => {
    const { routeTopic, subscriptionsFor } = await import('./topics')
    expect(routeTopic('frigate/reviews', 'zs', 'h', { 'frigate/reviews': 'reviews' })).toEqual({
      kind: 'frigate',
      source: 'reviews',
    })
    expect(routeTopic('frigate/reviews', 'zs', 'h').kind).toBe('unknown')
    expect(routeTopic('frigate/events', 'zs', 'h', { 'frigate/reviews': 'reviews' }).kind).toBe('unknown')
    expect(subscriptionsFor('zs')).toEqual(['zs/#'])
    expect(subscriptionsFor('zs', ['frigate/reviews'])).toEqual(['zs/#', 'frigate/reviews'])
    expect(subscriptionsFor('zs', ['zs/frigate/reviews'])).toEqual(['zs/#'])
  })
})
