/**
 * Backup and restore: an online backup taken while events stream in is complete and consistent;
 * restored into a fresh data dir (the documented procedure: copy both files back, start), an
 * engine finds the events and the duty log, whose hash chain is intact. Old backups beyond `keep`
 * are removed.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BackupResult, BackupStatus, DutyEntry, IntegrityReport } from '../../electron/contract'
import { createEngine, type Engine } from '../../electron/engine'
import { DUTYLOG_FILE } from '../../electron/engine/dutylog/dutylog-store'
import { makeEvent } from '../fixtures/events'
import { ADMIN_CTX, asOperator } from '../helpers/auth'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { connectPublisher, type Publisher } from '../helpers/mqtt'
import { until } from '../helpers/until'

const root = 'bk'
const TOTAL = 3000

describe('backup and restore', () => {
  let broker: MosquittoBroker
  let pub: Publisher
  let engine: Engine | null = null
  let restored: Engine | null = null
  let dir: string
  let restoreDir: string

  beforeAll(async () => {
    broker = await startMosquitto()
    pub = await connectPublisher(broker.url)
    dir = mkdtempSync(join(tmpdir(), 'zs-backup-'))
    restoreDir = mkdtempSync(join(tmpdir(), 'zs-restore-'))
  })
  afterAll(async () => {
    await engine?.stop().catch(() => {})
    await restored?.stop().catch(() => {})
    await pub?.close()
    await broker?.stop()
    for (const d of [dir, restoreDir]) if (d) rmSync(d, { recursive: true, force: true })
  })

  it('backs up while events are ingested; a restore starts with the data and an intact duty log', async () => {
    engine = await createEngine({
      broker: { url: broker.url },
      topicRoot: root,
      hallId: 'hall-bk',
      dataDir: dir,
      auth: { passwordCost: { N: 1024, r: 8, p: 1 } },
      dutyLog: { backup: { intervalMinutes: 0, keep: 2 } },
      log: () => {},
    })
    await engine.waitForBroker()
    const e = engine
    const call = async <T>(method: string, params: unknown, ctx = ADMIN_CTX): Promise<T> => {
      const env = await e.dispatch(method, params, ctx)
      if (!env.ok) throw new Error(`${method}: ${JSON.stringify(env.error)}`)
      return env.value as T
    }
    const lead = asOperator('lead')
    for (let i = 0; i < 20; i++) await call('dutyLog.add', { type: 'call', text: `来电记录 ${i}` }, lead)

    // Events stream in (QoS 1, 50 in flight) before, during and after the backup.
    let published = 0
    let backupDone = false
    const streaming = (async () => {
      while (published < TOTAL || !backupDone) {
        const batch = Array.from({ length: 50 }, (_, k) => makeEvent({ id: `EV-BK-${published + k}` }))
        await Promise.all(batch.map((ev) => pub.publish(`${root}/events/grid_patrol`, ev)))
        published += batch.length
      }
    })()
    await until(() => e.health().storedEvents >= 300, 'some events stored')
    const storedBefore = e.health().storedEvents
    const backup = await call<BackupResult>('backup.run', {})
    const storedAfter = e.health().storedEvents
    backupDone = true
    expect(backup).toMatchObject({ ok: true, trigger: 'manual', error: null })
    expect(backup.files.map((f) => f.file)).toEqual(['hall.sqlite3', DUTYLOG_FILE])
    // The restore, as docs/operations.md says: copy both files of the backup into a data dir.
    for (const f of backup.files) copyFileSync(join(dir, 'backups', backup.name, f.file), join(restoreDir, f.file))
    await streaming
    await until(() => e.health().storedEvents === published, 'all events stored')

    // Only administrators may back up; the status lists the backup.
    const refused = await e.dispatch('backup.run', {}, lead)
    expect(!refused.ok && refused.error.code).toBe('forbidden')
    const status = await call<BackupStatus>('backup.status', {})
    expect(status.items.map((b) => b.name)).toEqual([backup.name])
    expect(status.last?.name).toBe(backup.name)

    // keep: 2 — a third backup removes the oldest.
    await call<BackupResult>('backup.run', {})
    const third = await call<BackupResult>('backup.run', {})
    const names = readdirSync(join(dir, 'backups')).sort()
    expect(names).toHaveLength(2)
    expect(names).not.toContain(backup.name)
    expect(names).toContain(third.name)

    await e.stop()
    engine = null

    // An engine started on the restored files (the start runs the migrations and the duty log's check).
    restored = await createEngine({
      broker: { url: broker.url },
      topicRoot: root,
      hallId: 'hall-bk-restored',
      dataDir: restoreDir,
      auth: { passwordCost: { N: 1024, r: 8, p: 1 } },
      dutyLog: { backup: { intervalMinutes: 0 } },
      log: () => {},
    })
    const r = restored
    const rcall = async <T>(method: string, params: unknown): Promise<T> => {
      const env = await r.dispatch(method, params, ADMIN_CTX)
      if (!env.ok) throw new Error(`${method}: ${JSON.stringify(env.error)}`)
      return env.value as T
    }
    // Every event stored before the backup started is there; none stored after it ended.
    const count = r.health().storedEvents
    expect(count).toBeGreaterThanOrEqual(storedBefore)
    expect(count).toBeLessThanOrEqual(storedAfter)
    expect(r.events.summary('EV-BK-0')).toBeTruthy()
    const integrity = await rcall<IntegrityReport>('dutyLog.integrity', { run: true })
    expect(integrity).toMatchObject({ ok: true, problems: [] })
    expect(integrity.records).toBeGreaterThanOrEqual(20)
    const calls = await rcall<{ items: DutyEntry[] }>('dutyLog.list', { type: 'call', limit: 100 })
    expect(calls.items.map((x) => x.text)).toContain('来电记录 0')
    expect(calls.items).toHaveLength(20)
    // The restored engine writes on: the chain goes on from the restored records.
    await rcall('dutyLog.add', { type: 'other', text: '恢复后第一条' })
    expect((await rcall<IntegrityReport>('dutyLog.integrity', { run: true })).ok).toBe(true)
    expect(existsSync(join(restoreDir, 'backups'))).toBe(false)
  }, 120_000)
})
