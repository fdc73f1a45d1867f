/**
 * The Frigate NVR adapter end to end: a real Mosquitto, the engine in-process with a `frigate`
 * config, Frigate-shaped messages published on `frigate/reviews`, and the HTTP API with the token.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Health, VideoAlertDetail, VideoAlertSummary } from '../../electron/contract'
import { createEngine, type Engine } from '../../electron/engine'
import { parseFrigateConfig } from '../../electron/engine/domain/frigate-config'
import { FRIGATE_CONFIG, review, T0 } from '../../electron/engine/domain/frigate-fixtures'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { connectPublisher, type Publisher } from '../helpers/mqtt'
import { until } from '../helpers/until'

const TOKEN = 'frigate-secret'
const REVIEW_ID = `${T0}-fqk5ka`

describe('Frigate adapter over MQTT and HTTP', () => {
  let broker: MosquittoBroker
  let pub: Publisher
  let engine: Engine
  let dir: string
  const getValue = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${engine.url}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    const body = (await res.json()) as { ok: boolean; value: T; error?: unknown }
    expect(res.status, JSON.stringify(body.error)).toBe(200)
    return body.value
  }
  beforeAll(async () => {
    broker = await startMosquitto()
    pub = await connectPublisher(broker.url, { protocolVersion: 5 })
    dir = mkdtempSync(join(tmpdir(), 'zs-int-frigate-'))
    engine = await createEngine({
      broker: { url: broker.url, protocolVersion: 5 },
      topicRoot: 'fg',
      hallId: 'hall-frigate',
      dataDir: dir,
      server: { token: TOKEN, port: 0 },
      liveIntervalMs: 50,
      log: () => {},
      frigate: parseFrigateConfig(FRIGATE_CONFIG),
    })
    await engine.waitForBroker()
  })
  afterAll(async () => {
    await engine?.stop().catch(() => {})
    await pub?.close()
    await broker?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('maps frigate/reviews to a video alert, and counts an unmapped camera as ignored', async () => {
    // The hall's own presence message comes back to it (ignored): count from after it.
    const before = await until(async () => {
      const ingest = (await getValue<Health>('/api/health')).ingest
      return ingest.received >= 1 && ingest
    }, 'the hall presence echo')
    await pub.publish('frigate/reviews', review('new', { camera: 'backyard' }))
    await pub.publish('frigate/reviews', review('new'))
    await pub.publish('frigate/reviews', review('new')) // redelivered / republished: a duplicate
    await pub.publish('frigate/reviews', review('update', {}, { objects: ['car', 'person'], zones: ['fire_lane'] }))

    const list = await until(async () => {
      const l = await getValue<{ items: VideoAlertSummary[] }>('/api/video-alerts?community=C-JBY')
      return l.items[0]?.version === 2 && l
    }, 'the mapped alert at version 2')
    expect(list.items).toHaveLength(1)
    expect(list.items[0]).toMatchObject({
      id: REVIEW_ID,
      version: 2,
      versionCount: 2,
      type: 'fire_lane_blocked',
      status: 'new',
      communityId: 'C-JBY',
      cameraName: '金博园小区东门',
      detectedAt: '2026-11-27T21:14:05+08:00',
      drill: false,
    })

    const detail = await getValue<VideoAlertDetail>(`/api/video-alerts/${encodeURIComponent(REVIEW_ID)}`)
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1])
    expect(detail.summary.snapshot).toEqual({
      kind: 'remote',
      url: `http://nvr.jby.local:5000/api/events/${T0 - 0.4}-g92ztx/snapshot.jpg`,
    })

    const health = await getValue<Health>('/api/health')
    const delta = Object.fromEntries(
      Object.entries(health.ingest).map(([k, v]) => [k, v - before[k as keyof typeof before]]),
    )
    expect(delta).toMatchObject({ received: 4, stored: 2, duplicates: 1, ignored: 1, quarantined: 0 })
  })
})
