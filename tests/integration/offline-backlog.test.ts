/**
 * Proof by fault (issue 3, §3): the engine is stopped while 5,000 events are published, then
 * started again on the same data dir and hall id. Its persistent session (stable client id
 * `zs-{hallId}`, `clean: false`, MQTT 5 session expiry) makes the broker queue them; all must be
 * stored, none twice. Both protocol versions, because the session works differently in each
 * (3.1.1: `clean: false` keeps it forever; 5: the session expiry interval keeps it).
 *
 * And why operators must configure the broker: with Mosquitto's default `max_queued_messages`
 * of 1,000 the broker silently drops everything beyond it for an offline client — the second
 * part shows the loss, so that the deployment guide's setting is not an optional nicety.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Health } from '../../electron/contract'
import { makeEvent } from '../fixtures/events'
import { startEngineProcess, type EngineOptions, type EngineProcess } from '../helpers/engine'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import {
  compareQueue,
  connectStreamPublisher,
  readStoredEvents,
  waitFor,
  within,
  type StreamItem,
} from '../helpers/queue-check'

const ROOT = 'ob'
const TOPIC = `${ROOT}/events/referral`

const health = (engine: EngineProcess) => engine.get<Health>('/api/health')

async function waitConnected(engine: EngineProcess) {
  await waitFor(
    async () => (await health(engine)).broker.state === 'connected',
    async () => `engine not connected: ${JSON.stringify((await health(engine)).broker)}`,
    30_000,
  )
}

function events(prefix: string, count: number): StreamItem[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${prefix}-${String(i).padStart(5, '0')}`
    return { id, topic: TOPIC, payload: JSON.stringify(makeEvent({ id, source: 'referral' })) }
  })
}

describe('offline backlog: published while the engine is down', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c()
  })

  /** Starts the engine once (creating its session), stops it, publishes `items`, starts it again. */
  async function backlog(broker: MosquittoBroker, name: string, items: StreamItem[], mqttVersion: 4 | 5) {
    const dataDir = mkdtempSync(join(tmpdir(), `zs-${name}-`))
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const common: EngineOptions = {
      brokerUrl: broker.url,
      dataDir,
      hallId: `${name}-hall`,
      topicRoot: ROOT,
      extraArgs: ['--mqtt-version', String(mqttVersion)],
    }
    const first = await startEngineProcess(common)
    cleanups.push(() => first.stop())
    await waitConnected(first)
    await first.stop()

    const pub = await connectStreamPublisher(broker.url, { clientId: `${name}-platform`, window: 200 })
    cleanups.push(() => pub.close())
    await within(
      pub.run(items),
      60_000,
      () => `only ${pub.acked.size}/${items.length} PUBACKs while the engine was down`,
    )

    const second = await startEngineProcess(common)
    cleanups.push(() => second.stop())
    await waitConnected(second)
    return { dataDir, engine: second, pub }
  }

  it.each([4, 5] as const)(
    'MQTT %s: all 5,000 events published while it was down are stored',
    async (version) => {
      const COUNT = 5_000
      const broker = await startMosquitto({ maxQueued: 100_000 })
      cleanups.push(() => broker.stop())
      const items = events(`EV-OB${version}`, COUNT)
      const { dataDir, engine } = await backlog(broker, `ob${version}`, items, version)

      await waitFor(
        async () => (await health(engine)).storedEvents >= COUNT,
        async () =>
          `stored ${(await health(engine)).storedEvents}/${COUNT} of the backlog\n--- broker log ---\n${(await broker.log()).slice(-3000)}`,
        90_000,
        100,
      )
      const h = await health(engine)
      await engine.stop()
      const report = compareQueue(
        items.map((i) => i.id),
        readStoredEvents(dataDir, `EV-OB${version}-`),
      )
      console.log(`[offline-backlog] MQTT ${version}: ${JSON.stringify({ ...report, lostSample: undefined })}`)
      expect(report).toMatchObject({ published: COUNT, stored: COUNT, lost: 0, duplicatedInState: 0, unexpected: 0 })
      expect(h.ingest.stored).toBe(COUNT)
    },
    120_000,
  )

  it('with Mosquitto’s default max_queued_messages (1,000) the broker drops the rest: operators must raise it', async () => {
    const COUNT = 1_500
    const broker = await startMosquitto({ maxQueued: 1_000 })
    cleanups.push(() => broker.stop())
    const items = events('EV-OBD', COUNT)
    const { dataDir, engine, pub } = await backlog(broker, 'obd', items, 5)

    // Every one of the 1,500 was acknowledged by the broker to the publisher…
    expect(pub.acked.size).toBe(COUNT)
    // …yet once the backlog is delivered (a marker published now arrives after it), some are missing.
    const marker = {
      id: 'MARKER-OBD',
      topic: TOPIC,
      payload: JSON.stringify(makeEvent({ id: 'MARKER-OBD', source: 'referral' })),
    }
    await waitFor(
      async () => {
        const before = (await health(engine)).ingest.received
        await new Promise((r) => setTimeout(r, 500))
        return (await health(engine)).ingest.received === before
      },
      () => 'the backlog kept arriving',
      30_000,
      0,
    )
    await pub.run([marker])
    await waitFor(
      async () => (await engine.api(`/api/events/${marker.id}`)).status === 200,
      () => 'the marker was not stored',
      30_000,
    )
    await engine.stop()
    const report = compareQueue(
      items.map((i) => i.id),
      readStoredEvents(dataDir, 'EV-OBD-'),
    )
    const log = await broker.log()
    console.log(`[offline-backlog] max_queued_messages 1000: ${JSON.stringify({ ...report, lostSample: undefined })}`)
    expect(report.duplicatedInState).toBe(0)
    // Mosquitto queues at most 1,000 for the offline session (the engine's own retained "offline"
    // presence message takes one of them) and silently drops the rest: ≥ 500 of 1,500 lost.
    expect(report.stored).toBeLessThanOrEqual(1_000)
    expect(report.lost).toBeGreaterThanOrEqual(COUNT - 1_000)
    expect(log).toMatch(/dropped/i)
  }, 120_000)
})
