/**
 * The engine host as a process (what the e2e tests and the desktop shell run): it announces
 * itself, serves the API with the token only, ingests from Mosquitto and exits cleanly on SIGTERM.
 * Needs the build (`npm test` builds first); skipped with a reason when out/main/host.js is absent.
 */
import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { eventTopic, makeEvent } from '../fixtures/events'
import { HOST_ENTRY, startEngineProcess, type EngineProcess } from '../helpers/engine'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { publish } from '../helpers/mqtt'

const built = existsSync(HOST_ENTRY)

describe.skipIf(!built)('engine host process (needs `electron-vite build`)', () => {
  let broker: MosquittoBroker
  let engine: EngineProcess

  beforeAll(async () => {
    broker = await startMosquitto()
    engine = await startEngineProcess({ brokerUrl: broker.url })
  })
  afterAll(async () => {
    await engine?.stop()
    await broker?.stop()
  })

  it('prints its ready line with a loopback URL and the token', () => {
    expect(engine.url).toBe(`http://127.0.0.1:${engine.port}`)
    expect(engine.port).toBeGreaterThan(0)
    expect(engine.demoMode).toBe(false)
  })

  it('answers 401 without the token and 200 with it', async () => {
    expect((await engine.api('/api/health', { token: null })).status).toBe(401)
    expect((await engine.api('/api/health', { token: 'wrong' })).status).toBe(401)
    const { status, body } = await engine.api('/api/health')
    expect(status).toBe(200)
    expect(body.ok).toBe(true)
  })

  it('stores an event published to Mosquitto', async () => {
    await vi.waitFor(
      async () =>
        expect((await engine.get<{ broker: { state: string } }>('/api/health')).broker.state).toBe('connected'),
      { timeout: 15_000, interval: 50 },
    )
    const event = makeEvent()
    await publish(broker.url, eventTopic(event.source), event)
    await vi.waitFor(
      async () =>
        expect(await engine.get<{ summary: { id: string } }>(`/api/events/${event.id}`)).toMatchObject({
          summary: { id: event.id },
        }),
      { timeout: 15_000, interval: 50 },
    )
  })

  it('exits on SIGTERM', async () => {
    await engine.stop()
    const { code, signal } = await engine.exited
    expect(signal === 'SIGTERM' || code === 0).toBe(true)
  })
})
