/**
 * Group commit under SIGKILL: the engine holds PUBACKs until its transaction commits, so killing
 * it mid-stream must lose nothing the broker considers delivered. Count like a queue checker:
 * every published id must be stored exactly once.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEvent } from '../fixtures/events'
import { startEngineProcess, type EngineProcess } from '../helpers/engine'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { connectPublisher } from '../helpers/mqtt'

const COUNT = 10_000

async function storedCount(engine: EngineProcess) {
  return (await engine.get<{ storedEvents: number }>('/api/health')).storedEvents
}

describe('SIGKILL in the middle of a stream', () => {
  let broker: MosquittoBroker
  let dataDir: string
  beforeAll(async () => {
    broker = await startMosquitto({ maxQueued: 10 * COUNT })
    dataDir = mkdtempSync(join(tmpdir(), 'zs-kill-'))
  })
  afterAll(async () => {
    await broker?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it(`loses none of ${COUNT} events and stores none twice`, async () => {
    const hallId = 'kill-hall'
    const common = { brokerUrl: broker.url, dataDir, hallId, topicRoot: 'k' }
    const first = await startEngineProcess(common)
    const pub = await connectPublisher(broker.url)
    const ids = Array.from({ length: COUNT }, (_, i) => `EV-K-${i}`)
    const publishing = Promise.all(
      ids.map((id) => pub.publish('k/events/grid_patrol', makeEvent({ id, source: 'grid_patrol' }))),
    )

    // Kill once a part is in, while the rest is still arriving.
    for (;;) {
      if ((await storedCount(first)) >= COUNT / 5) break
      await new Promise((r) => setTimeout(r, 5))
    }
    first.kill('SIGKILL')
    await first.exited

    const second = await startEngineProcess(common)
    await publishing
    await pub.close()
    const deadline = Date.now() + 60_000
    while ((await storedCount(second)) < COUNT && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    await second.stop()

    const db = new Database(join(dataDir, 'hall.sqlite3'), { readonly: true })
    const stored = new Set((db.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id))
    const rows = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n
    const versions = (db.prepare('SELECT count(*) AS n FROM event_versions').get() as { n: number }).n
    db.close()
    const lost = ids.filter((id) => !stored.has(id))
    expect({ lost: lost.length, duplicatedInState: rows - stored.size, versionRows: versions }).toEqual({
      lost: 0,
      duplicatedInState: 0,
      versionRows: COUNT,
    })
  }, 120_000)
})
