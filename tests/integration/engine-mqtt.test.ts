/**
 * The engine against a real Mosquitto and real SQLite files: ingest rules end to end, the
 * persistent session, and the acknowledgement that follows the commit.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import WebSocket from 'ws'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../electron/engine'
import { makeEvent, nextVersion } from '../fixtures/events'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { connectPublisher, type Publisher } from '../helpers/mqtt'
import { until } from '../helpers/until'

const TOKEN = 'integration-secret'

describe.each([4, 5] as const)('engine ingest over MQTT %s', (protocolVersion) => {
  let broker: MosquittoBroker
  let pub: Publisher
  const dirs: string[] = []
  const engines: Engine[] = []
  const root = `t${protocolVersion}`

  const newDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'zs-int-'))
    dirs.push(d)
    return d
  }
  const start = async (dataDir: string, hallId: string, extra: Partial<Parameters<typeof createEngine>[0]> = {}) => {
    const e = await createEngine({
      broker: { url: broker.url, protocolVersion },
      topicRoot: root,
      hallId,
      dataDir,
      server: { token: TOKEN, port: 0 },
      log: () => {},
      ...extra,
    })
    engines.push(e)
    await e.waitForBroker()
    return e
  }

  beforeAll(async () => {
    broker = await startMosquitto({ maxQueued: 100_000 })
    pub = await connectPublisher(broker.url)
  })
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.stop().catch(() => {})
  })
  afterAll(async () => {
    await pub?.close()
    await broker?.stop()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('stores events, counts duplicates and stale versions, quarantines bad input', async () => {
    const engine = await start(newDir(), `hall-a-${protocolVersion}`)
    const v1 = makeEvent({ source: 'citizen' })
    const v2 = nextVersion(v1, 'accepted')
    const v3 = nextVersion(v2, 'dispatched')
    const topic = `${root}/events/citizen`
    await pub.publish(topic, v1)
    await pub.publish(topic, v3)
    await pub.publish(topic, v2) // stale
    await pub.publish(topic, v3) // duplicate
    await pub.publish(topic, '{"broken": ')
    await pub.publish(topic, { ...makeEvent(), severity: 9 })
    await pub.publish(`${root}/events/citizen`, makeEvent({ id: 'EV-AFTER-BAD', source: 'citizen' }))

    const h = await until(() => {
      const c = engine.health().ingest
      return c.stored + c.duplicates + c.stale + c.quarantined === 7 ? c : null
    }, 'all 7 messages')
    expect(h).toMatchObject({ stored: 3, duplicates: 1, stale: 1, quarantined: 2 })
    // The hall's own retained presence message comes back through {root}/# and is ignored.
    expect(h.received).toBe(7 + h.ignored)
    const got = engine.events.get(v1.id)!
    expect(got.summary).toMatchObject({ version: 3, status: 'dispatched', versionCount: 3 })
    expect(engine.events.summary('EV-AFTER-BAD')).not.toBeNull()
  })

  it('receives what was published while it was stopped (persistent session)', async () => {
    const dataDir = newDir()
    const hallId = `hall-b-${protocolVersion}`
    const first = await start(dataDir, hallId)
    await first.stop()
    engines.splice(engines.indexOf(first), 1)

    const offline = Array.from({ length: 200 }, (_, i) =>
      makeEvent({ id: `EV-OFF-${protocolVersion}-${i}`, source: 'referral' }),
    )
    for (const e of offline) await pub.publish(`${root}/events/referral`, e)

    const second = await start(dataDir, hallId)
    await until(() => second.health().ingest.stored >= 200, '200 offline events')
    for (const e of offline) expect(second.events.summary(e.id)).not.toBeNull()
  })

  it('acknowledges only after the commit: a message that cannot be stored is redelivered, not lost', async () => {
    const dataDir = newDir()
    const engine = await start(dataDir, `hall-c-${protocolVersion}`, { busyTimeoutMs: 50 })
    // Another connection holds the write lock: the engine's transaction fails with SQLITE_BUSY.
    const blocker = new Database(join(dataDir, 'hall.sqlite3'))
    blocker.exec('BEGIN IMMEDIATE')
    const ev = makeEvent({ id: `EV-LOCKED-${protocolVersion}`, source: 'opinion' })
    await pub.publish(`${root}/events/opinion`, ev)
    await until(() => engine.health().broker.lastError?.includes('not acknowledged'), 'the store failure')
    expect(engine.events.summary(ev.id)).toBeNull()
    blocker.exec('ROLLBACK')
    blocker.close()
    // The engine drops the link, the session resumes, Mosquitto redelivers the unacknowledged message.
    await until(() => engine.events.summary(ev.id), 'the redelivered event')
    expect(engine.health().ingest.stored).toBe(1)
  })

  it('serves the contract over HTTP and WebSocket only with the token, pushing batched changes', async () => {
    const engine = await start(newDir(), `hall-d-${protocolVersion}`, { liveIntervalMs: 100 })
    const base = engine.url!
    expect((await fetch(`${base}/api/health`)).status).toBe(401)
    expect((await fetch(`${base}/api/health`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401)
    const ok = await fetch(`${base}/api/health`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    expect(ok.status).toBe(200)
    expect(((await ok.json()) as { ok: boolean }).ok).toBe(true)

    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/ws`)
    const frames: { t: string; name?: string; data?: { items: unknown[] } }[] = []
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())))
    await new Promise((r) => ws.once('open', r))
    ws.send(JSON.stringify({ t: 'hello', token: TOKEN, protocol: 1 }))
    await until(() => frames.find((f) => f.t === 'welcome'), 'welcome')
    ws.send(JSON.stringify({ t: 'sub', events: ['events.onDidChange'] }))
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'events.list', params: { limit: 5 } }))
    await until(() => frames.find((f) => f.t === 'reply'), 'reply')

    // A burst of 300 messages arrives as a few batches, not 300 frames.
    const burst = Array.from({ length: 300 }, (_, i) =>
      makeEvent({ id: `EV-BURST-${protocolVersion}-${i}`, source: 'citizen' }),
    )
    await Promise.all(burst.map((e) => pub.publish(`${root}/events/citizen`, e)))
    await until(
      () => frames.filter((f) => f.name === 'events.onDidChange').reduce((n, f) => n + f.data!.items.length, 0) >= 300,
      'all changes pushed',
    )
    const batches = frames.filter((f) => f.name === 'events.onDidChange').length
    expect(batches).toBeLessThan(100)
    ws.close()

    const bad = new WebSocket(`${base.replace('http', 'ws')}/api/ws`)
    const closed = new Promise<number>((r) => bad.on('close', (code) => r(code)))
    await new Promise((r) => bad.once('open', r))
    bad.send(JSON.stringify({ t: 'hello', token: 'nope', protocol: 1 }))
    expect(await closed).toBe(4401)

    const foreign = new WebSocket(`${base.replace('http', 'ws')}/api/ws`, {
      headers: { Origin: 'http://evil.example' },
    })
    const rejected = await new Promise<boolean>((r) => {
      foreign.on('error', () => r(true))
      foreign.on('open', () => r(false))
    })
    expect(rejected).toBe(true)
  })

  it('narrows a wall peer’s live batches to its digest and sends the others everything', async () => {
    const engine = await start(newDir(), `hall-g-${protocolVersion}`, { liveIntervalMs: 100 })
    const url = `${engine.url!.replace('http', 'ws')}/api/ws`
    type Frame = { t: string; name?: string; data?: { items: { key: string; id: string; version: number }[] } }
    const peer = async (digest?: unknown) => {
      const ws = new WebSocket(url)
      const frames: Frame[] = []
      ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as Frame))
      await new Promise((r) => ws.once('open', r))
      ws.send(JSON.stringify({ t: 'hello', token: TOKEN, protocol: 1 }))
      await until(() => frames.find((f) => f.t === 'welcome'), 'welcome')
      ws.send(JSON.stringify({ t: 'sub', events: ['events.onDidChange'] }))
      if (digest !== undefined) ws.send(JSON.stringify({ t: 'digest', event: 'events.onDidChange', digest }))
      ws.send(JSON.stringify({ t: 'call', id: 1, method: 'health.get' }))
      await until(() => frames.find((f) => f.t === 'reply'), 'reply')
      const items = () => frames.filter((f) => f.name === 'events.onDidChange').flatMap((f) => f.data!.items)
      const batches = () => frames.filter((f) => f.name === 'events.onDidChange').length
      return { ws, items, batches }
    }
    const full = await peer()
    const wall = await peer({ limit: 5, seed: [] })
    const invalid = await peer({ limit: 0, seed: [] }) // refused: this peer is sent everything

    // 300 events reported one minute apart, the newest last; then a change of the newest.
    const t0 = Date.parse('2026-11-28T00:00:00Z')
    const events = Array.from({ length: 300 }, (_, i) =>
      makeEvent({
        id: `EV-DIGEST-${protocolVersion}-${String(i).padStart(3, '0')}`,
        source: 'citizen',
        reportedAt: new Date(t0 + i * 60_000).toISOString(),
      }),
    )
    await Promise.all(events.map((e) => pub.publish(`${root}/events/citizen`, e)))
    await until(() => full.items().length >= 300, 'all changes pushed to the full peer')
    const newest = events.at(-1)!
    await pub.publish(`${root}/events/citizen`, nextVersion(newest, 'accepted'))
    await until(() => full.items().some((e) => e.version === 2), 'the change pushed')
    await until(() => wall.batches() === full.batches() && invalid.batches() === full.batches(), 'every batch sent')

    expect(invalid.items().length).toBe(full.items().length)
    const got = wall.items()
    // Every batch still reaches the wall (its statistics refresh on them), each with at most the
    // 5 newest of the batch and the changes of the 5 it shows.
    expect(got.length).toBeLessThanOrEqual(wall.batches() * 5 + 1)
    expect(got.length).toBeLessThan(full.items().length / 2)
    const keys = new Set(got.map((e) => e.id))
    for (const e of events.slice(-5)) expect(keys.has(e.id), e.id).toBe(true)
    expect(got).toContainEqual(expect.objectContaining({ id: newest.id, version: 2 }))
    for (const p of [full, wall, invalid]) p.ws.close()
  })
})
