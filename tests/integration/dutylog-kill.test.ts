/**
 * The duty log survives SIGKILL: the engine host is killed while operators' entries stream in;
 * after the restart every entry whose write had returned is there, and the integrity check passes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEngineProcess, type EngineProcess } from '../helpers/engine'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'

describe('duty log durability', () => {
  let broker: MosquittoBroker
  const dataDir = mkdtempSync(join(tmpdir(), 'zs-duty-kill-'))
  const engines: EngineProcess[] = []
  beforeAll(async () => {
    broker = await startMosquitto()
  })
  afterAll(async () => {
    for (const e of engines) await e.stop()
    await broker?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('keeps every confirmed entry through a SIGKILL, and the chain stays intact', async () => {
    const common = { brokerUrl: broker.url, dataDir, hallId: 'duty-kill', token: 'duty-kill-token-123456' }
    const first = await startEngineProcess(common)
    engines.push(first)
    const officer = await first.sessionToken('officer')
    const confirmed: string[] = []
    let stop = false
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const r = await first.rpc<{ id: string }>('dutyLog.add', { type: 'call', text: `来电 ${w}-${i}` }, officer)
          if (r.ok) confirmed.push(r.value.id)
        } catch {
          return // the process is gone
        }
      }
    }
    const writers = [0, 1, 2, 3].map(writer)
    await expect.poll(() => confirmed.length, { timeout: 30_000 }).toBeGreaterThan(150)
    first.kill('SIGKILL')
    stop = true
    await first.exited
    await Promise.all(writers)

    const second = await startEngineProcess(common)
    engines.push(second)
    const seen = new Set<string>()
    let cursor: number | null = null
    do {
      const page: { items: { id: string }[]; nextCursor: number | null } = await second.get(
        `/api/duty-log?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      )
      for (const e of page.items) seen.add(e.id)
      cursor = page.nextCursor
    } while (cursor)
    const missing = confirmed.filter((id) => !seen.has(id))
    expect({ confirmed: confirmed.length, missing: missing.length }).toEqual({
      confirmed: confirmed.length,
      missing: 0,
    })

    const integrity = await second.rpc<{ ok: boolean; records: number }>(
      'dutyLog.integrity',
      {},
      await second.sessionToken('admin'),
    )
    expect(integrity.ok && integrity.value).toMatchObject({ ok: true })
    expect(integrity.ok && integrity.value.records).toBeGreaterThanOrEqual(confirmed.length)
  })
})
