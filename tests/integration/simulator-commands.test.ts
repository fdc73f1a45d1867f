/**
 * The simulator plays the county platform against a real Mosquitto: a hall's zs.command/1 on an
 * event is answered with a zs.ack/1 and the event's next version; the unit's receipt and feedback
 * follow on the compressed clock; stale versions and impossible transitions are refused with the
 * contract's error codes.
 */
import { randomUUID } from 'node:crypto'
import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { zsAckSchema, zsEventSchema, type ZsAck, type ZsEvent } from '../../electron/contract'
import { buildXiyangRegistry } from '../../electron/sim/county'
import { createEventGenerator } from '../../electron/sim/generator'
import { createSimulator, type Simulator } from '../../electron/sim/simulator'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { until } from '../helpers/until'

const ROOT = 'simcmd'
const HALL = 'hall-sim-1'
const registry = buildXiyangRegistry()

/** The hall's side on the wire: publishes commands, collects acks and event versions. */
async function hall(url: string) {
  const acks: ZsAck[] = []
  const versions: ZsEvent[] = []
  const client: MqttClient = await mqtt.connectAsync(url, { clientId: `hall-${randomUUID()}`, clean: true })
  client.on('message', (topic, payload) => {
    const body = JSON.parse(payload.toString('utf8')) as unknown
    if (topic === `${ROOT}/acks/${HALL}`) acks.push(zsAckSchema.parse(body))
    else if (topic.startsWith(`${ROOT}/events/`)) versions.push(zsEventSchema.parse(body) as ZsEvent)
  })
  await client.subscribeAsync([`${ROOT}/acks/${HALL}`, `${ROOT}/events/+`], { qos: 1 })
  return {
    acks,
    versions,
    latest: (id: string) =>
      versions
        .filter((v) => v.id === id)
        .reduce<ZsEvent | undefined>((a, v) => (!a || v.version > a.version ? v : a), undefined),
    async send(id: string, baseVersion: number, action: string, params: Record<string, unknown> = {}) {
      const commandId = randomUUID()
      await client.publishAsync(
        `${ROOT}/commands/${HALL}`,
        JSON.stringify({
          schema: 'zs.command/1',
          commandId,
          hallId: HALL,
          target: { type: 'event', id, baseVersion },
          action,
          params,
          operator: { id: 'op-lina', name: '李娜' },
          issuedAt: new Date().toISOString(),
          drill: false,
        }),
        { qos: 1 },
      )
      return until(() => acks.find((a) => a.commandId === commandId), `the ack of ${action}`)
    },
    close: () => client.endAsync(),
  }
}

describe('simulator answering commands', () => {
  let broker: MosquittoBroker
  let sim: Simulator

  beforeAll(async () => {
    broker = await startMosquitto()
    sim = createSimulator({
      brokerUrl: broker.url,
      topicRoot: ROOT,
      rate: 0,
      initialBacklog: 0,
      initialVideoAlerts: 0,
      zeroReports: false,
      seed: 7,
      tickMs: 20,
      registry,
      // A compressed clock fast enough for a test: the unit's steps come within a second.
      unitSteps: { returnRate: 0, timeScale: 100_000, maxDelayMs: 500 },
    })
    await sim.start()
  })
  afterAll(async () => {
    await sim?.stop()
    await broker?.stop()
  })

  it('walks an event from accept to close; the unit signs for it and reports back by itself', async () => {
    const h = await hall(broker.url)
    const generator = createEventGenerator({ registry, seed: 99, runTag: 'T1' })
    let event = generator.create(Date.now())
    event = { ...event, status: 'reported', version: 1 }
    await sim.publish(event)
    await until(() => h.latest(event.id), 'version 1')

    const accepted = await h.send(event.id, 1, 'accept', { note: '受理' })
    expect(accepted).toMatchObject({ ok: true, resultVersion: 2, error: null })
    expect(h.latest(event.id)).toMatchObject({ version: 2, status: 'accepted', lastAction: { by: '县综治中心 李娜' } })

    const deadline = new Date(Date.now() + 24 * 3600_000).toISOString().replace('Z', '+00:00')
    const dispatched = await h.send(event.id, 2, 'dispatch', { unitId: 'U-ECO', deadline, note: '请牵头' })
    expect(dispatched).toMatchObject({ ok: true, resultVersion: 3 })
    // The unit's receipt (in_progress) and feedback (resolved) follow without any command.
    const resolved = await until(() => h.latest(event.id)?.status === 'resolved' && h.latest(event.id), 'the feedback')
    expect(resolved.version).toBe(5)
    const trail = h.versions.filter((v) => v.id === event.id).map((v) => `${v.version}:${v.status}`)
    expect(trail).toEqual(['1:reported', '2:accepted', '3:dispatched', '4:in_progress', '5:resolved'])
    expect(h.latest(event.id)?.assignee).toEqual({ unitId: 'U-ECO', unitName: '县生态环境局' })

    expect(await h.send(event.id, 5, 'record_visit', { satisfaction: 'satisfied', note: '满意' })).toMatchObject({
      ok: true,
      resultVersion: 6,
    })
    expect(await h.send(event.id, 6, 'close')).toMatchObject({ ok: true, resultVersion: 7 })
    await until(() => h.latest(event.id)?.status === 'closed', 'closed')
    expect(sim.current(event.id)?.version).toBe(7)
    await h.close()
  })

  it('refuses stale versions, impossible transitions, unknown events and bad params with the contract codes', async () => {
    const h = await hall(broker.url)
    const generator = createEventGenerator({ registry, seed: 100, runTag: 'T2' })
    const event = { ...generator.create(Date.now()), status: 'reported' as const, version: 1 }
    await sim.publish(event)
    expect(await h.send(event.id, 1, 'accept')).toMatchObject({ ok: true })
    const stale = await h.send(event.id, 1, 'reject', { reason: '重复件' })
    expect(stale).toMatchObject({ ok: false, error: { code: 'stale_version', message: 'event is at version 2' } })
    expect(await h.send(event.id, 2, 'close')).toMatchObject({ ok: false, error: { code: 'invalid_transition' } })
    expect(await h.send('EV-NOPE', 1, 'accept')).toMatchObject({ ok: false, error: { code: 'unknown_target' } })
    expect(await h.send(event.id, 2, 'dispatch', { unitId: 'U-ECO' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    })
    // Nothing refused changed the event.
    expect(sim.current(event.id)).toMatchObject({ version: 2, status: 'accepted' })
    await h.close()
  })
})

describe('the platform’s autopilot leaves the hall its steps', () => {
  it('moves nobody’s event before the grace, and never a hall’s event except by its unit', async () => {
    const broker = await startMosquitto()
    const root = 'simgrace'
    const sim = createSimulator({
      brokerUrl: broker.url,
      topicRoot: root,
      rate: 0,
      progressRate: 200,
      initialBacklog: 0,
      initialVideoAlerts: 0,
      zeroReports: false,
      seed: 8,
      tickMs: 20,
      registry,
      hallGraceMs: 1_500,
      unitSteps: { returnRate: 0, timeScale: 100_000, maxDelayMs: 200 },
    })
    try {
      await sim.start()
      const generator = createEventGenerator({ registry, seed: 101, runTag: 'G1' })
      const events = Array.from({ length: 4 }, () => ({
        ...generator.create(Date.now()),
        status: 'reported' as const,
        version: 1,
        reportedAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      }))
      for (const e of events) await sim.publish(e)
      // Within the grace nothing moves, however eager the autopilot.
      await new Promise((r) => setTimeout(r, 800))
      expect(events.map((e) => sim.current(e.id)?.version)).toEqual([1, 1, 1, 1])
      // The hall takes the first: accepted by its command, and then left to the hall.
      const client = await mqtt.connectAsync(broker.url, { clientId: 'grace-hall', clean: true })
      await client.publishAsync(
        `${root}/commands/${HALL}`,
        JSON.stringify({
          schema: 'zs.command/1',
          commandId: randomUUID(),
          hallId: HALL,
          target: { type: 'event', id: events[0].id, baseVersion: 1 },
          action: 'accept',
          params: {},
          operator: { id: 'op', name: '值班员' },
          issuedAt: new Date().toISOString(),
          drill: false,
        }),
        { qos: 1 },
      )
      await client.endAsync()
      await until(() => sim.current(events[0].id)?.version === 2, 'the accept')
      // After the grace the autopilot plays a hall for the others, never for the hall's event.
      // (Two steps each — past the grace twice — unless the platform rejected one, which ends it.)
      await until(
        () =>
          events.slice(1).every((e) => {
            const cur = sim.current(e.id)
            return cur !== undefined && (cur.version >= 3 || cur.status === 'rejected')
          }),
        'the autopilot',
        20_000,
      )
      expect(sim.current(events[0].id)).toMatchObject({ version: 2, status: 'accepted' })
    } finally {
      await sim.stop()
      await broker.stop()
    }
  })
})
