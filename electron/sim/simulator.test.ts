/**
 * The simulator against a real MQTT broker (aedes, in-process on a free loopback port): what a
 * hall subscribing to the contract's topics receives.
 */
import { createServer, type AddressInfo, type Server } from 'node:net'
import { Aedes } from 'aedes'
import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { zsEventSchema, zsRegistrySchema, type ZsEvent } from '../contract'
import { nextStatuses } from './lifecycle'
import { createSimulator, defaultRunTag } from './simulator'

let broker: Aedes
let server: Server
let url: string
let subscribers = 0

beforeAll(async () => {
  broker = await Aedes.createBroker()
  server = createServer(broker.handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise<void>((resolve) => broker.close(() => resolve()))
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

async function subscriber(
  topic: string,
): Promise<{ client: MqttClient; messages: { topic: string; payload: unknown; retain: boolean }[] }> {
  const client = await mqtt.connectAsync(url, {
    clientId: `test-sub-${process.pid}-${++subscribers}`,
    reconnectPeriod: 0,
  })
  const messages: { topic: string; payload: unknown; retain: boolean }[] = []
  client.on('message', (t, payload, packet) =>
    messages.push({ topic: t, payload: JSON.parse(payload.toString('utf8')), retain: packet.retain }),
  )
  await client.subscribeAsync(topic, { qos: 1 })
  return { client, messages }
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('simulator on a broker', () => {
  it('publishes the retained registry, the backlog and a live stream that follows the lifecycle', async () => {
    const live = await subscriber('sim1/#')
    const logs: string[] = []
    const sim = createSimulator({
      brokerUrl: url,
      topicRoot: 'sim1',
      rate: 50,
      progressRate: 150,
      seed: 5,
      initialBacklog: 15,
      tickMs: 20,
      log: (m) => logs.push(m),
    })
    await sim.start()
    await until(() => sim.stats().published >= 60 && sim.stats().versions >= 150)
    await sim.stop()
    await sim.stop() // idempotent
    const stats = sim.stats()
    expect(stats.connected).toBe(false)
    await until(() => live.messages.filter((m) => m.topic.startsWith('sim1/events/')).length >= stats.versions)
    await live.client.endAsync()

    const registryMessages = live.messages.filter((m) => m.topic === 'sim1/registry')
    expect(registryMessages).toHaveLength(1)
    expect(zsRegistrySchema.safeParse(registryMessages[0].payload).success).toBe(true)

    const events = live.messages.filter((m) => m.topic.startsWith('sim1/events/'))
    expect(events).toHaveLength(stats.versions)
    const latest = new Map<string, ZsEvent>()
    for (const m of events) {
      const parsed = zsEventSchema.safeParse(m.payload)
      expect(parsed.success).toBe(true)
      const event = parsed.data as ZsEvent
      expect(m.retain).toBe(false)
      expect(m.topic).toBe(`sim1/events/${event.source}`)
      const previous = latest.get(event.id)
      if (previous) {
        expect(event.version).toBe(previous.version + 1)
        expect(nextStatuses(previous.status)).toContain(event.status)
      } else expect(event.version).toBe(1)
      latest.set(event.id, event)
    }
    expect(latest.size).toBe(stats.published)
    expect(events.some((m) => (m.payload as ZsEvent).version > 1)).toBe(true)
    expect(logs.some((l) => l.includes('backlog: 15 events'))).toBe(true)
  })

  it('leaves the registry retained for a hall that connects later', async () => {
    const sim = createSimulator({ brokerUrl: url, topicRoot: 'sim2', rate: 0, initialBacklog: 0, seed: 1 })
    await sim.start()
    await sim.stop()
    const late = await subscriber('sim2/registry')
    await until(() => late.messages.length === 1)
    expect(late.messages[0].retain).toBe(true)
    expect((late.messages[0].payload as { schema: string }).schema).toBe('zs.registry/1')
    await late.client.endAsync()
  })

  it('keeps at most maxOpen open events', async () => {
    const sim = createSimulator({
      brokerUrl: url,
      topicRoot: 'sim3',
      rate: 200,
      progressRate: 0,
      maxOpen: 25,
      initialBacklog: 0,
      seed: 2,
      tickMs: 10,
    })
    await sim.start()
    await until(() => sim.stats().published >= 80)
    expect(sim.stats().open).toBeLessThanOrEqual(25)
    await sim.stop()
  })

  it('fails to start with a clear error when the broker is unreachable', async () => {
    const sim = createSimulator({ brokerUrl: 'mqtt://127.0.0.1:1', connectTimeoutMs: 500, initialBacklog: 0 })
    await expect(sim.start()).rejects.toThrow(/could not connect/)
    await sim.stop()
  })

  it('tags ids per run so two runs never reuse an id', () => {
    expect(defaultRunTag(Date.parse('2026-11-27T09:00:00Z'))).toMatch(/^[0-9A-Z]{5}$/)
    expect(defaultRunTag(1_000_000)).not.toBe(defaultRunTag(2_000_000))
  })
})
