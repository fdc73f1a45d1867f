/**
 * The command outbox against a real Mosquitto: every operator action becomes a zs.command/1 that
 * is written first, published at QoS 1, delivered in order after outages and restarts, and
 * settled by the platform's zs.ack/1.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { zsCommandSchema, type OutboxItem, type ZsCommand } from '../../electron/contract'
import { createEngine, type Engine } from '../../electron/engine'
import { startEngineProcess } from '../helpers/engine'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { until } from '../helpers/until'

const TOKEN = 'commands-secret'
/** The county platform's side: a persistent subscriber to the hall's command topic. */
async function platform(url: string, topic: string, id: string) {
  const received: ZsCommand[] = []
  const client: MqttClient = await mqtt.connectAsync(url, { clientId: id, clean: false, reconnectPeriod: 200 })
  client.on('message', (_t, payload) => received.push(JSON.parse(payload.toString()) as ZsCommand))
  await client.subscribeAsync(topic, { qos: 1 })
  return {
    received,
    ack: (commandId: string, ok: boolean, ackTopic: string, error?: { code: string; message: string }) =>
      client.publishAsync(
        ackTopic,
        JSON.stringify({
          schema: 'zs.ack/1',
          commandId,
          ok,
          error: error ?? null,
          resultVersion: ok ? 2 : null,
          at: '2026-11-28T10:00:00+08:00',
        }),
        { qos: 1 },
      ),
    close: () => client.endAsync(),
  }
}

/** The signed-in operator the in-process calls act as. */
const LINA = {
  id: 'a6c0c1de-0000-4000-8000-000000000001',
  username: 'op-lina',
  displayName: '李娜',
  role: 'officer' as const,
  disabled: false,
  createdAt: '2026-11-28T08:00:00+08:00',
  lastLoginAt: null,
}

const dispatchRequest = (id: string, n = 0) => ({
  target: { type: 'event' as const, id, baseVersion: 1 },
  action: 'dispatch',
  params: { unitId: 'U-ECO', deadline: '2026-11-29T18:00:00+08:00', note: `第${n}条` },
  operator: { id: 'op-lina', name: '李娜' },
})

describe('command outbox', () => {
  let broker: MosquittoBroker
  const dirs: string[] = []
  const engines: Engine[] = []
  const newDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'zs-cmd-'))
    dirs.push(d)
    return d
  }
  const start = async (hallId: string, dataDir = newDir()) => {
    const e = await createEngine({
      broker: { url: broker.url },
      topicRoot: 'c',
      hallId,
      dataDir,
      server: { token: TOKEN, port: 0 },
      log: () => {},
    })
    engines.push(e)
    return e
  }
  const issue = async (e: Engine, req: unknown) => {
    const env = await e.dispatch('commands.issue', req, { scopes: ['read', 'operate'], peer: 'test', operator: LINA })
    if (!env.ok) throw new Error(JSON.stringify(env.error))
    return env.value as OutboxItem
  }
  const outboxOf = async (e: Engine) => {
    const env = await e.dispatch('outbox.list', {}, { scopes: ['read'], peer: 'test' })
    return (env as { ok: true; value: { items: OutboxItem[] } }).value.items
  }

  beforeAll(async () => {
    broker = await startMosquitto({ persistence: true })
  })
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.stop().catch(() => {})
  })
  afterAll(async () => {
    await broker?.stop()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('publishes a contract-valid command and settles it with the ack', async () => {
    const p = await platform(broker.url, 'c/commands/hall-1', 'platform-1')
    const e = await start('hall-1')
    await e.waitForBroker()
    const item = await issue(e, dispatchRequest('EV-1'))
    expect(item.state).toBe('pending')
    const [cmd] = await until(() => (p.received.length ? p.received : null), 'the command on the broker')
    expect(zsCommandSchema.safeParse(cmd).success).toBe(true)
    expect(cmd).toMatchObject({
      commandId: item.commandId,
      hallId: 'hall-1',
      action: 'dispatch',
      drill: false,
      operator: { name: '李娜' },
    })
    expect(cmd.target).toEqual({ type: 'event', id: 'EV-1', baseVersion: 1 })
    await until(async () => (await outboxOf(e))[0].state === 'sent', 'sent')

    await p.ack(item.commandId, true, 'c/acks/hall-1')
    await until(async () => (await outboxOf(e))[0].state === 'acknowledged', 'acknowledged')

    const second = await issue(e, { ...dispatchRequest('EV-2'), action: 'accept', params: {} })
    await p.ack(second.commandId, false, 'c/acks/hall-1', { code: 'stale_version', message: 'event is at version 4' })
    const failed = await until(
      async () => (await outboxOf(e)).find((i) => i.commandId === second.commandId && i.state === 'failed'),
      'failed',
    )
    expect(failed.error).toEqual({ code: 'stale_version', message: 'event is at version 4' })
    expect(e.health().outbox).toMatchObject({ pending: 0, failed: 1 })
    await p.close()
  })

  it('explains wrong params field by field and stores nothing', async () => {
    const e = await start('hall-2')
    const env = await e.dispatch(
      'commands.issue',
      { ...dispatchRequest('EV-1'), params: { deadline: 'tomorrow' } },
      { scopes: ['operate'], peer: 'test', operator: LINA },
    )
    expect(env.ok).toBe(false)
    if (!env.ok) {
      expect(env.error.code).toBe('invalid_params')
      expect(env.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['params.unitId', 'params.deadline']))
    }
    const unknown = await e.dispatch(
      'commands.issue',
      { ...dispatchRequest('EV-1'), action: 'teleport' },
      { scopes: ['operate'], peer: 'test', operator: LINA },
    )
    expect(unknown.ok).toBe(false)
    const readOnly = await e.dispatch('commands.issue', dispatchRequest('EV-1'), { scopes: ['read'], peer: 'test' })
    expect(readOnly).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await outboxOf(e)).toEqual([])
  })

  it('delivers commands issued while the broker is down, all and in order, when it is back', async () => {
    const p = await platform(broker.url, 'c/commands/hall-3', 'platform-3')
    const e = await start('hall-3')
    await e.waitForBroker()
    await broker.halt()
    await until(() => e.health().broker.state !== 'connected', 'the engine to notice the outage')
    const issued: string[] = []
    for (let i = 0; i < 20; i++) issued.push((await issue(e, dispatchRequest(`EV-${i}`, i))).commandId)
    expect(e.health().outbox.pending).toBe(20)
    await broker.start()
    await until(() => p.received.length >= 20, '20 commands delivered', 60_000)
    expect(p.received.map((c) => c.commandId)).toEqual(issued)
    await until(() => e.health().outbox.pending === 0, 'all marked sent')
    expect(e.health().broker.reconnects).toBeGreaterThan(0)
    await p.close()
  })

  it('delivers a command issued before a SIGKILL after the restart', async () => {
    const dataDir = newDir()
    const p = await platform(broker.url, 'c/commands/hall-4', 'platform-4')
    const common = { brokerUrl: broker.url, dataDir, hallId: 'hall-4', topicRoot: 'c', token: TOKEN }
    const first = await startEngineProcess(common)
    const officer = await first.sessionToken('officer')
    await broker.halt()
    const body = (await first.rpc('commands.issue', dispatchRequest('EV-KILL'), officer)) as {
      ok: boolean
      value: OutboxItem
    }
    expect(body.ok).toBe(true)
    expect(body.value.operator).toEqual({ id: 'officer1', name: '张值班' })
    first.kill('SIGKILL')
    await first.exited
    await broker.start()
    const second = await startEngineProcess(common)
    const [cmd] = await until(() => (p.received.length ? p.received : null), 'the command after the restart', 60_000)
    expect(cmd.commandId).toBe(body.value.commandId)
    await until(
      async () => (await second.get<{ items: OutboxItem[] }>('/api/outbox')).items[0]?.state === 'sent',
      'sent after restart',
    )
    await second.stop()
    await p.close()
  })

  it('announces presence: retained online, Last Will offline when the engine dies', async () => {
    const seen: { online: boolean }[] = []
    const watcher = await mqtt.connectAsync(broker.url, { clientId: 'watcher', clean: true })
    watcher.on('message', (_t, payload) => seen.push(JSON.parse(payload.toString())))
    const engine = await startEngineProcess({ brokerUrl: broker.url, hallId: 'hall-5', topicRoot: 'c' })
    await watcher.subscribeAsync('c/halls/hall-5/status', { qos: 1 })
    await until(() => seen.at(-1)?.online === true, 'online')
    engine.kill('SIGKILL')
    await until(() => seen.at(-1)?.online === false, 'the Last Will')
    await engine.exited
    await watcher.endAsync()
  })
})
