/**
 * Playwright fixtures for the browser end-to-end tests.
 *
 * - `broker` (worker-scoped): a real Mosquitto on a free port with its own config and dir.
 * - `engine` (test-scoped): the real engine host (`node out/main/host.js`) with its own temp data
 *   dir, token and hall id (hence its own MQTT session) against that broker. `--broker` is always
 *   given, so no simulator runs: tests publish exactly the events they need.
 * - `publisher`: one MQTT connection publishing at QoS 1 (each publish waits for the PUBACK).
 * - page objects opened with the token once, as a browser user does (`/?token=…`), after
 *   `html[data-app-state="ready"]`.
 *
 * A new engine per test keeps tests independent (no shared rows or counters) at the cost of about a
 * second each; messages from an earlier test never reach a later engine because each engine's
 * session is new and nothing is retained.
 */
import { test as base, expect, type Page } from '@playwright/test'
import { startEngineProcess, TEST_OPERATORS, type EngineProcess, type TestRole } from '../helpers/engine'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { connectPublisher, type Payload, type Publisher } from '../helpers/mqtt'
import type { ZsEvent } from '../../electron/contract/payloads'
import { eventTopic } from '../fixtures/events'
import { QuarantinePage } from '../pages/quarantine'
import { WallPage } from '../pages/wall'
import { WorkstationPage } from '../pages/workstation'

export interface IngestCounters {
  received: number
  stored: number
  duplicates: number
  stale: number
  quarantined: number
}

interface HealthValue {
  broker: { state: string }
  ingest: IngestCounters
  demoMode: boolean
}

export interface TestFixtures {
  engine: EngineProcess
  publisher: Publisher
  /** Publish a zs.event/1 on `zs/events/{source}` (QoS 1, resolves after PUBACK). */
  publishEvent: (event: ZsEvent) => Promise<void>
  /** Publish anything on any topic (QoS 1). */
  publishRaw: (topic: string, payload: Payload) => Promise<void>
  /** Current ingest counters from GET /api/health. */
  counters: () => Promise<IngestCounters>
  /** Open the workstation and sign in (default: a duty officer). */
  openWorkstation: (page: Page, role?: TestRole) => Promise<WorkstationPage>
  openWall: (page: Page) => Promise<WallPage>
  /** The quarantine is for administrators: signs in as the administrator. */
  openQuarantine: (page: Page) => Promise<QuarantinePage>
  /** The credentials of a test operator of this role (the account is created on first use). */
  operatorFor: (role: TestRole) => Promise<{ username: string; password: string }>
}

export interface WorkerFixtures {
  broker: MosquittoBroker
}

/** Bounded wait for a condition that the engine reaches on its own (no fixed sleeps). */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (err) {
      lastError = err
    }
    await new Promise((r) => setTimeout(r, Math.min(25 * (attempt + 1), 250)))
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`)
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  broker: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const broker = await startMosquitto()
      await use(broker)
      await broker.stop()
    },
    { scope: 'worker' },
  ],

  engine: async ({ broker }, use, testInfo) => {
    const engine = await startEngineProcess({ brokerUrl: broker.url })
    try {
      // Publishing before the engine's subscription exists would lose the message (its session
      // is new), so wait until the engine reports the broker connected.
      await until('the engine to connect to Mosquitto', async () => {
        const health = await engine.get<HealthValue>('/api/health')
        return health.broker.state === 'connected' ? health : undefined
      })
      await use(engine)
    } finally {
      await engine.stop()
      if (testInfo.status !== testInfo.expectedStatus) {
        const { stdout, stderr } = engine.output()
        await testInfo.attach('engine-stdout.txt', { body: stdout, contentType: 'text/plain' })
        await testInfo.attach('engine-stderr.txt', { body: stderr, contentType: 'text/plain' })
        await testInfo.attach('mosquitto.log', { body: await broker.log(), contentType: 'text/plain' })
      }
    }
  },

  publisher: async ({ broker }, use) => {
    const publisher = await connectPublisher(broker.url)
    // The broker lives for the whole worker: what a test retains (a registry) must not reach the
    // next spec's engine, so it is cleared afterwards.
    const retained = new Set<string>()
    const publish: typeof publisher.publish = async (topic, payload, opts) => {
      if (opts?.retain) retained.add(topic)
      await publisher.publish(topic, payload, opts)
    }
    await use({ ...publisher, publish })
    for (const topic of retained) await publisher.publish(topic, '', { retain: true })
    await publisher.close()
  },

  publishEvent: async ({ publisher, engine }, use) => {
    await use((event) => publisher.publish(eventTopic(event.source, engine.topicRoot), event))
  },

  publishRaw: async ({ publisher }, use) => {
    await use((topic, payload) => publisher.publish(topic, payload))
  },

  counters: async ({ engine }, use) => {
    await use(async () => (await engine.get<HealthValue>('/api/health')).ingest)
  },

  page: async ({ page }, use, testInfo) => {
    // Keep what the page said: attached when the test fails, to tell a renderer error from a test error.
    const messages: string[] = []
    page.on('pageerror', (err) => messages.push(`[pageerror] ${err.stack ?? err.message}`))
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') messages.push(`[console.${msg.type()}] ${msg.text()}`)
    })
    await use(page)
    if (testInfo.status !== testInfo.expectedStatus && messages.length > 0) {
      await testInfo.attach('browser-console.txt', { body: messages.join('\n'), contentType: 'text/plain' })
    }
  },

  operatorFor: async ({ engine }, use) => {
    await use(async (role) => {
      await engine.sessionToken(role)
      return role === 'admin' ? engine.admin! : TEST_OPERATORS[role]
    })
  },

  openWorkstation: async ({ engine, operatorFor }, use) => {
    await use(async (page, role = 'officer') => {
      const workstation = new WorkstationPage(page)
      workstation.operator = await operatorFor(role)
      await workstation.open(engine.url, engine.token)
      return workstation
    })
  },

  openWall: async ({ engine }, use) => {
    await use(async (page) => {
      const wall = new WallPage(page)
      await wall.open(engine.url, engine.token)
      return wall
    })
  },

  openQuarantine: async ({ engine, operatorFor }, use) => {
    await use(async (page) => {
      const quarantine = new QuarantinePage(page)
      quarantine.operator = await operatorFor('admin')
      await quarantine.open(engine.url, engine.token)
      return quarantine
    })
  },
})

export { expect, until }
