/**
 * The simulator plays the platform for community video alerts, against a real Mosquitto and the
 * engine in-process on a real SQLite file: the hall's commands go out through the outbox, the
 * simulated platform answers each with zs.ack/1 and the alert's next version, the simulated
 * property company reports the rectification with a real after photo, and the hall verifies it.
 * Also: a stale command is refused with the contract's code, the statistics per property company
 * count the forward, and the triage list groups repeats.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  zsCommandSchema,
  type OutboxItem,
  type VideoAlertDetail,
  type VideoAlertSummary,
  type VideoCompanyStats,
  type VideoTriage,
  type ZsCommand,
} from '../../electron/contract'
import { createEngine, type Engine } from '../../electron/engine'
import { createSimulator, type Simulator } from '../../electron/sim/simulator'
import { asOperator } from '../helpers/auth'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { until } from '../helpers/until'

const TOKEN = 'video-platform-secret'
const root = 'vp'
const OFFICER = asOperator('officer')
const VIEWER = asOperator('viewer')

describe('the simulated platform answers video-alert commands', () => {
  let broker: MosquittoBroker
  let engine: Engine
  let sim: Simulator
  let dir: string
  let watcher: mqtt.MqttClient
  const seenCommands: ZsCommand[] = []
  const seenAcks: { ok: boolean; commandId: string; error?: { code: string } | null }[] = []

  const call = async <T>(method: string, params: unknown, ctx = OFFICER): Promise<T> => {
    const env = await engine.dispatch(method, params, ctx)
    if (!env.ok) throw new Error(`${method}: ${JSON.stringify(env.error)}`)
    return env.value as T
  }
  const issue = (alert: Pick<VideoAlertSummary, 'id' | 'version'>, action: string, params: object = {}) =>
    call<OutboxItem>('commands.issue', {
      target: { type: 'video_alert', id: alert.id, baseVersion: alert.version },
      action,
      params,
    })
  const outboxItem = async (commandId: string) =>
    (await call<{ items: OutboxItem[] }>('outbox.list', { limit: 100 })).items.find((i) => i.commandId === commandId)
  const settled = async (item: OutboxItem) => {
    for (let i = 0; ; i++) {
      const now = await outboxItem(item.commandId)
      if (now && (now.state === 'acknowledged' || now.state === 'failed')) return now
      if (i > 800) throw new Error(`command ${item.action} not settled: ${JSON.stringify(now)}`)
      await new Promise((r) => setTimeout(r, 25))
    }
  }
  const atVersion = (id: string, version: number) =>
    until(() => {
      const s = engine.videoAlerts.summary(id)
      return s && s.version >= version ? s : null
    }, `${id} at version ${version}`)

  beforeAll(async () => {
    broker = await startMosquitto({ maxQueued: 10_000 })
    dir = mkdtempSync(join(tmpdir(), 'zs-int-video-platform-'))
    engine = await createEngine({
      broker: { url: broker.url, protocolVersion: 5 },
      topicRoot: root,
      hallId: 'hall-vp',
      dataDir: dir,
      server: { token: TOKEN, port: 0 },
      liveIntervalMs: 50,
      log: () => {},
    })
    await engine.waitForBroker()
    // A third party on the broker sees what the hall and the platform say to each other.
    watcher = await mqtt.connectAsync(broker.url, { clientId: 'vp-watcher', clean: true })
    watcher.on('message', (topic, payload) => {
      const body = JSON.parse(payload.toString('utf8'))
      if (topic.startsWith(`${root}/commands/`)) seenCommands.push(body as ZsCommand)
      if (topic.startsWith(`${root}/acks/`)) seenAcks.push(body)
    })
    await watcher.subscribeAsync([`${root}/commands/+`, `${root}/acks/+`], { qos: 1 })
    sim = createSimulator({
      brokerUrl: broker.url,
      topicRoot: root,
      rate: 0,
      initialBacklog: 0,
      zeroReports: false,
      videoAlertRate: 0,
      initialVideoAlerts: 4,
      videoRectifyDelayMs: [300, 300],
      videoRectifyShare: 1,
      seed: 42,
      tickMs: 50,
    })
    await sim.start()
    await until(() => engine.videoAlerts.count() >= 4, 'the simulator’s alerts')
  }, 60_000)

  afterAll(async () => {
    await sim?.stop()
    await watcher?.endAsync()
    await engine?.stop().catch(() => {})
    await broker?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('confirm → forward → (rectification with an after photo) → verify, every step acknowledged with a new version', async () => {
    const [first] = engine.videoAlerts.list({ status: 'new', limit: 10 }).items
    expect(first.version).toBe(1)
    expect(first.snapshot?.kind).toBe('stored')

    const confirm = await settled(await issue(first, 'confirm', { note: '确认违停' }))
    expect(confirm).toMatchObject({ state: 'acknowledged', resultVersion: 2, error: null })
    const confirmed = await atVersion(first.id, 2)
    expect(confirmed.status).toBe('confirmed')
    // A status-only version keeps the picture the hall already has.
    expect(confirmed.snapshot).toEqual(first.snapshot)

    const deadline = new Date(Date.now() + 2 * 3_600_000).toISOString()
    const forward = await settled(await issue(confirmed, 'forward_property', { deadline, note: '请物业尽快处理' }))
    expect(forward).toMatchObject({ state: 'acknowledged', resultVersion: 3 })

    // The property company reports it fixed: version 4, rectified, with a real after photo.
    const rectified = await atVersion(first.id, 4)
    expect(rectified.status).toBe('rectified')
    expect(rectified.rectifiedAt).not.toBeNull()
    expect(rectified.rectificationSnapshot).toMatchObject({
      kind: 'stored',
      mime: 'image/png',
      width: 320,
      height: 180,
    })
    const ref = rectified.rectificationSnapshot as { url: string; sha256: string }
    expect(ref.sha256).not.toBe((first.snapshot as { sha256: string }).sha256)
    const res = await fetch(`${engine.url}${ref.url}`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))

    const verify = await settled(await issue(rectified, 'verify', { note: '现场核验已整改' }))
    expect(verify).toMatchObject({ state: 'acknowledged', resultVersion: 5 })
    const verified = await atVersion(first.id, 5)
    expect(verified.status).toBe('verified')
    // Both pictures are still there for the before/after view.
    expect(verified.snapshot).toEqual(first.snapshot)
    expect(verified.rectificationSnapshot).toEqual(rectified.rectificationSnapshot)

    const detail = await call<VideoAlertDetail>('videoAlerts.get', { id: first.id })
    expect(detail.versions.map((v) => v.payload.status)).toEqual([
      'verified',
      'rectified',
      'forwarded',
      'confirmed',
      'new',
    ])
    expect(detail.versions[2].payload).toMatchObject({
      deadline,
      lastAction: { action: 'forward_property', by: OFFICER.operator!.displayName },
    })

    // What went over the broker matches the contract.
    const ours = seenCommands.filter((c) => c.target.id === first.id)
    expect(ours.map((c) => c.action)).toEqual(['confirm', 'forward_property', 'verify'])
    for (const c of ours) {
      expect(zsCommandSchema.safeParse(c).success).toBe(true)
      expect(c).toMatchObject({ hallId: 'hall-vp', drill: false, target: { type: 'video_alert' } })
      expect(c.operator).toEqual({ id: OFFICER.operator!.username, name: OFFICER.operator!.displayName })
    }
    expect(ours.map((c) => c.target.baseVersion)).toEqual([1, 2, 4])
  })

  it('refuses a stale base version and a wrong transition with the contract’s codes', async () => {
    const [alert] = engine.videoAlerts.list({ status: 'new', limit: 10 }).items
    await settled(await issue(alert, 'confirm'))
    await atVersion(alert.id, 2)
    // The hall acts on version 1 again (another operator was quicker).
    const stale = await settled(await issue(alert, 'dismiss', { reason: '误报' }))
    expect(stale).toMatchObject({ state: 'failed', error: { code: 'stale_version' } })
    const wrong = await settled(await issue({ id: alert.id, version: 2 }, 'verify'))
    expect(wrong).toMatchObject({ state: 'failed', error: { code: 'invalid_transition' } })
    expect(engine.videoAlerts.summary(alert.id)).toMatchObject({ version: 2, status: 'confirmed' })
    expect(seenAcks.filter((a) => a.commandId === stale.commandId)).toEqual([
      expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'stale_version' }) }),
    ])
  })

  it('a viewer cannot act on an alert, and bad params are refused before anything is sent', async () => {
    const [alert] = engine.videoAlerts.list({ status: 'new', limit: 10 }).items
    const before = seenCommands.length
    const asViewer = await engine.dispatch(
      'commands.issue',
      { target: { type: 'video_alert', id: alert.id, baseVersion: 1 }, action: 'confirm', params: {} },
      VIEWER,
    )
    expect(asViewer).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const noReason = await engine.dispatch(
      'commands.issue',
      { target: { type: 'video_alert', id: alert.id, baseVersion: 1 }, action: 'dismiss', params: {} },
      OFFICER,
    )
    expect(noReason).toMatchObject({ ok: false, error: { code: 'invalid_params' } })
    expect(seenCommands.length).toBe(before)
  })

  it('counts the forward and its rectification for the property company, and lists groups for triage', async () => {
    const stats = await call<VideoCompanyStats>('videoAlerts.companyStats', {}, VIEWER)
    expect(stats.totals).toMatchObject({ forwarded: 1, rectified: 1, rectifiedInTime: 1, overdue: 0 })
    expect(stats.items).toHaveLength(1)
    expect(stats.items[0].averageRectificationMinutes).not.toBeNull()
    expect(stats.items[0].propertyCompanyName).toBeTruthy()

    const done = await call<VideoTriage>('videoAlerts.triage', { view: 'done' }, VIEWER)
    expect(done.groups.map((g) => g.latest.status)).toEqual(['verified'])
    const all = await call<VideoTriage>('videoAlerts.triage', { view: 'all', windowMinutes: 0 }, VIEWER)
    expect(all.alerts).toBe(engine.videoAlerts.count())
    expect(all.viewCounts.all).toBe(engine.videoAlerts.count())
    expect(sim.stats()).toMatchObject({ videoRectified: 1 })
  })
})
