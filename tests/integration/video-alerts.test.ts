/**
 * Video alerts, zero reports and the registry end to end: a real Mosquitto, the engine in-process
 * on a real SQLite file, and the HTTP API with the token — including the snapshot bytes served
 * from their own URL with the checked content type.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VideoAlertDetail, VideoAlertSummary, ZeroReportBoard, ZsRegistry } from '../../electron/contract'
import { createEngine, type Engine } from '../../electron/engine'
import { paintSnapshot } from '../../electron/sim/png'
import { toShanghaiIso } from '../../electron/sim/time'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { connectPublisher, type Publisher } from '../helpers/mqtt'
import { ADMIN_CTX } from '../helpers/auth'
import { until } from '../helpers/until'

const TOKEN = 'video-alerts-secret'
const root = 'va'

const registry: ZsRegistry = {
  schema: 'zs.registry/1',
  version: 3,
  county: { code: '140724', name: '昔阳县' },
  townships: [
    { code: '140724100', name: '乐平镇' },
    { code: '140724101', name: '皋落镇' },
    { code: '140724400', name: '城区' },
  ],
  villages: [],
  grids: [],
  microGrids: [],
  units: [],
  communities: [{ id: 'C-JBY', name: '金博园小区', townshipCode: '140724400', propertyCompanyId: 'P-07' }],
  propertyCompanies: [{ id: 'P-07', name: '昔阳县安居物业服务有限公司' }],
}

describe('video alerts, zero reports and the registry over MQTT and HTTP', () => {
  let broker: MosquittoBroker
  let pub: Publisher
  let engine: Engine
  let dir: string
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${engine.url}${path}`, { headers: { Authorization: `Bearer ${TOKEN}`, ...headers } })
  const getValue = async <T>(path: string): Promise<T> => {
    const res = await get(path)
    const body = (await res.json()) as { ok: boolean; value: T; error?: unknown }
    expect(res.status, JSON.stringify(body.error)).toBe(200)
    return body.value
  }

  beforeAll(async () => {
    broker = await startMosquitto({ maxQueued: 10_000 })
    pub = await connectPublisher(broker.url, { protocolVersion: 5 })
    dir = mkdtempSync(join(tmpdir(), 'zs-int-video-'))
    engine = await createEngine({
      broker: { url: broker.url, protocolVersion: 5 },
      topicRoot: root,
      hallId: 'hall-video',
      dataDir: dir,
      server: { token: TOKEN, port: 0 },
      zeroReportDeadline: '10:00',
      liveIntervalMs: 50,
      log: () => {},
    })
    await engine.waitForBroker()
    await pub.publish(`${root}/registry`, registry, { retain: true })
    for (let i = 0; ; i++) {
      const summary = await getValue<{ version: number | null }>('/api/registry/summary')
      if (summary.version === registry.version) break
      if (i > 500) throw new Error('the registry did not arrive')
      await new Promise((r) => setTimeout(r, 20))
    }
  })
  afterAll(async () => {
    await engine?.stop().catch(() => {})
    await pub?.close()
    await broker?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('stores an alert with a real PNG and serves the alert and the snapshot bytes with the token', async () => {
    const ws = new WebSocket(`${engine.url!.replace('http', 'ws')}/api/ws`)
    const frames: { t: string; name?: string; data?: { items: VideoAlertSummary[] } }[] = []
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())))
    await new Promise((r) => ws.once('open', r))
    ws.send(JSON.stringify({ t: 'hello', token: TOKEN, protocol: 1 }))
    await until(() => frames.find((f) => f.t === 'welcome'), 'welcome')
    ws.send(JSON.stringify({ t: 'sub', events: ['videoAlerts.onDidChange'] }))

    const box = { x: 0.42, y: 0.55, w: 0.2, h: 0.18 }
    const png = paintSnapshot(320, 180, box, [230, 60, 50])
    const alert = {
      schema: 'zs.video_alert/1',
      id: 'VA-INT-1',
      version: 1,
      type: 'illegal_parking',
      status: 'new',
      cameraId: 'CAM-JBY-01',
      cameraName: '金博园小区东门',
      communityId: 'C-JBY',
      communityName: '金博园小区',
      propertyCompany: { id: 'P-07', name: '昔阳县安居物业服务有限公司' },
      townshipCode: '140724400',
      confidence: 0.91,
      detectedAt: '2026-11-27T21:14:05+08:00',
      snapshot: { mime: 'image/png', base64: png.toString('base64') },
      boxes: [{ ...box, label: 'car' }],
      drill: false,
    }
    await pub.publish(`${root}/video/alerts/C-JBY`, alert)
    await pub.publish(`${root}/video/alerts/C-JBY`, { ...alert, version: 2, status: 'confirmed', snapshot: null })
    await until(() => engine.videoAlerts.summary('VA-INT-1')?.version === 2, 'both versions')

    const detail = await getValue<VideoAlertDetail>('/api/video-alerts/VA-INT-1')
    expect(detail.summary).toMatchObject({ id: 'VA-INT-1', version: 2, status: 'confirmed', versionCount: 2 })
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1])
    const snap = detail.versions[1].snapshot
    if (snap?.kind !== 'stored') throw new Error('expected a stored snapshot on version 1')
    expect(snap).toMatchObject({ mime: 'image/png', width: 320, height: 180, size: png.length })
    expect(detail.summary.snapshot).toEqual(snap)

    // The bytes, from their own URL: token required, checked type, nosniff, inline, cacheable.
    expect((await fetch(`${engine.url}${snap.url}`)).status).toBe(401)
    const res = await get(snap.url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-disposition')).toBe('inline')
    expect(res.headers.get('cache-control')).toMatch(/immutable/)
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true)
    const etag = res.headers.get('etag')!
    expect(etag).toBe(`"${snap.sha256}"`)
    expect((await get(snap.url, { 'If-None-Match': etag })).status).toBe(304)
    expect((await get(`/api/video-snapshots/${'0'.repeat(64)}`)).status).toBe(404)
    expect((await get('/api/video-snapshots/not-a-hash')).status).toBe(400)

    const list = await getValue<{ items: VideoAlertSummary[] }>(
      '/api/video-alerts?community=C-JBY&type=illegal_parking',
    )
    expect(list.items.map((i) => i.id)).toEqual(['VA-INT-1'])

    // Live: the changes arrived as batches of the latest state per alert.
    const pushed = await until(
      () =>
        frames
          .filter((f) => f.name === 'videoAlerts.onDidChange')
          .flatMap((f) => f.data!.items)
          .find((i) => i.version === 2),
      'the live batch',
    )
    expect(pushed).toMatchObject({ id: 'VA-INT-1', status: 'confirmed' })
    ws.close()
  })

  it('quarantines a fake image and keeps ingesting', async () => {
    const fake = Buffer.concat([
      paintSnapshot(32, 18, { x: 0, y: 0, w: 1, h: 1 }, [0, 0, 0]).subarray(0, 8),
      Buffer.from('garbage'),
    ])
    const base = {
      schema: 'zs.video_alert/1',
      version: 1,
      type: 'garbage_overflow',
      status: 'new',
      communityId: 'C-JBY',
      detectedAt: '2026-11-27T21:20:00+08:00',
      drill: false,
    }
    await pub.publish(`${root}/video/alerts/C-JBY`, {
      ...base,
      id: 'VA-FAKE',
      snapshot: { mime: 'image/png', base64: fake.toString('base64') },
    })
    await pub.publish(`${root}/video/alerts/C-JBY`, {
      ...base,
      id: 'VA-AFTER',
      snapshot: { url: 'https://cdn.example/a.jpg' },
    })
    await until(() => engine.videoAlerts.summary('VA-AFTER'), 'the alert after the fake one')
    expect(engine.videoAlerts.summary('VA-FAKE')).toBeNull()
    const env = await engine.dispatch('quarantine.list', { limit: 5 }, ADMIN_CTX)
    const q = (env as { ok: true; value: { items: { topic: string; reason: string }[] } }).value
    expect(q.items.find((i) => i.topic === `${root}/video/alerts/C-JBY`)?.reason).toMatch(
      /^snapshot: not a well-formed PNG/,
    )
  })

  it('shows every township of the registry with its zero report or missing', async () => {
    const today = toShanghaiIso(Date.now()).slice(0, 10)
    const report = {
      schema: 'zs.zero_report/1',
      id: `ZR-${today.replaceAll('-', '')}-140724100`,
      date: today,
      unitCode: '140724100',
      unitName: '乐平镇',
      level: 'township',
      nothingToReport: true,
      note: '',
      reportedAt: `${today}T08:41:00+08:00`,
    }
    await pub.publish(`${root}/zero-reports/140724100`, report)
    await until(() => engine.zeroReports.forDate(today).length === 1, 'the zero report')

    const board = await getValue<ZeroReportBoard>(`/api/zero-reports?date=${today}`)
    expect(board).toMatchObject({ date: today, deadline: '10:00', deadlineAt: `${today}T10:00:00+08:00` })
    expect(typeof board.deadlinePassed).toBe('boolean')
    expect(board.counts).toEqual({ townships: 3, onTime: 1, late: 0, missing: 2 })
    expect(board.townships.map((t) => [t.code, t.state])).toEqual([
      ['140724100', 'on_time'],
      ['140724101', 'missing'],
      ['140724400', 'missing'],
    ])
    expect(board.townships[0].report).toMatchObject({ id: report.id, nothingToReport: true })
    // Without a date: today in Asia/Shanghai.
    expect((await getValue<ZeroReportBoard>('/api/zero-reports')).date).toBe(today)
    const res = await get('/api/zero-reports?date=2026-02-30')
    expect(res.status).toBe(400)
  })

  it('serves the whole registry and documents the new routes in the OpenAPI document', async () => {
    const doc = await getValue<{ version: number; registry: ZsRegistry }>('/api/registry')
    expect(doc.version).toBe(3)
    expect(doc.registry.communities).toEqual(registry.communities)
    const spec = (await (await get('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> }
    for (const p of ['/api/video-alerts', '/api/video-alerts/{id}', '/api/registry', '/api/zero-reports']) {
      expect(spec.paths[p]?.get, p).toBeDefined()
    }
    const bytes = spec.paths['/api/video-snapshots/{sha256}'].get as {
      responses: Record<string, { content?: Record<string, unknown> }>
    }
    expect(Object.keys(bytes.responses[200].content!)).toEqual(['image/jpeg', 'image/png'])
  })
})
