/**
 * Connection behaviour: when the broker comes back without the hall's session (restarted without
 * persistence), the engine subscribes again and says a gap may exist; reconnects back off.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { createEngine } from '../../electron/engine'
import { makeEvent } from '../fixtures/events'
import { startMosquitto } from '../helpers/mosquitto'
import { publish } from '../helpers/mqtt'
import { until } from '../helpers/until'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

it('reports a lost session, resubscribes, and keeps ingesting', async () => {
  const broker = await startMosquitto({ persistence: false })
  const dataDir = mkdtempSync(join(tmpdir(), 'zs-session-'))
  dirs.push(dataDir)
  const engine = await createEngine({
    broker: { url: broker.url },
    topicRoot: 's',
    hallId: 'hall-s',
    dataDir,
    log: () => {},
  })
  try {
    await engine.waitForBroker()
    await publish(broker.url, 's/events/citizen', makeEvent({ id: 'EV-BEFORE', source: 'citizen' }))
    await until(() => engine.events.summary('EV-BEFORE'), 'the first event')
    expect(engine.health().broker.sessionLostAt).toBeNull()

    await broker.restart() // no persistence: the hall's session is gone
    await until(() => engine.health().broker.sessionLostAt, 'the lost session to be reported')
    await engine.waitForBroker(30_000)
    expect(engine.health().broker.reconnects).toBeGreaterThan(0)

    await publish(broker.url, 's/events/citizen', makeEvent({ id: 'EV-AFTER', source: 'citizen' }))
    await until(() => engine.events.summary('EV-AFTER'), 'an event after the resubscription')
  } finally {
    await engine.stop()
    await broker.stop()
  }
})
