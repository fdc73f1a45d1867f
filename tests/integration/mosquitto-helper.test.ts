import { existsSync } from 'node:fs'
import { connect, connectAsync, type MqttClient } from 'mqtt'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort, startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { connectPublisher, publish } from '../helpers/mqtt'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function broker(opts?: Parameters<typeof startMosquitto>[0]): Promise<MosquittoBroker> {
  const b = await startMosquitto(opts)
  cleanups.push(() => b.stop())
  return b
}

async function subscriber(url: string, clientId: string, clean: boolean): Promise<MqttClient> {
  const client = await connectAsync(url, { clientId, clean, reconnectPeriod: 0, protocolVersion: 4 })
  cleanups.push(() => client.endAsync(true))
  return client
}

function nextMessage(client: MqttClient): Promise<{ topic: string; payload: string; qos: number }> {
  return new Promise((resolve) => {
    client.once('message', (topic, payload, packet) =>
      resolve({ topic, payload: payload.toString('utf8'), qos: packet.qos }),
    )
  })
}

describe('startMosquitto', () => {
  it('freePort returns distinct usable ports', async () => {
    const a = await freePort()
    const b = await freePort()
    expect(a).toBeGreaterThan(0)
    expect(b).toBeGreaterThan(0)
  })

  it('starts on its own port and round-trips a QoS 1 message', async () => {
    const b = await broker()
    expect(b.url).toBe(`mqtt://127.0.0.1:${b.port}`)
    const sub = await subscriber(b.url, 'zs-test-sub', true)
    await sub.subscribeAsync('zs/events/+', { qos: 1 })
    const received = nextMessage(sub)
    await publish(b.url, 'zs/events/citizen', { hello: '你好' })
    expect(await received).toEqual({ topic: 'zs/events/citizen', payload: '{"hello":"你好"}', qos: 1 })
  })

  it('stop() ends the broker and removes its temp dir', async () => {
    const b = await startMosquitto()
    await b.stop()
    expect(existsSync(b.dir)).toBe(false)
    await expect(connectAsync(b.url, { reconnectPeriod: 0, connectTimeout: 2000 })).rejects.toThrow()
    await b.stop() // idempotent
  })

  it('with persistence, a persistent session keeps messages queued across restart()', async () => {
    const b = await broker({ persistence: true })
    const first = await subscriber(b.url, 'zs-test-persistent', false)
    await first.subscribeAsync('zs/events/+', { qos: 1 })
    await first.endAsync()

    // More than Mosquitto's default max_queued_messages (1000): the helper's config must keep them all.
    const publisher = await connectPublisher(b.url)
    for (let i = 1; i <= 1500; i++) await publisher.publish('zs/events/citizen', String(i))
    await publisher.close()
    await b.restart()

    const payloads: string[] = []
    const all = new Promise<void>((resolve) => {
      // Queued messages follow the CONNACK at once: listen before connecting.
      const again = connect(b.url, {
        clientId: 'zs-test-persistent',
        clean: false,
        reconnectPeriod: 0,
        protocolVersion: 4,
      })
      cleanups.push(() => again.endAsync(true))
      again.on('message', (_topic, payload) => {
        payloads.push(payload.toString())
        if (payloads.length === 1500) resolve()
      })
    })
    await all
    expect(payloads[0]).toBe('1')
    expect(payloads.at(-1)).toBe('1500')
  })
})
