/**
 * WAL checkpoints off the engine's thread. SQLite's automatic checkpoint runs inside the commit
 * that crosses 1,000 WAL pages: it copies the pages into the database file and syncs it, on the
 * thread that also reads MQTT — about a fifth of the ingest's time per event during a storm
 * (docs/performance.md). Here the engine's connection turns the automatic checkpoint off and a
 * worker thread with its own connection runs PASSIVE checkpoints (they never block the writer or
 * readers) a few times a second. If the worker cannot start or dies, the automatic checkpoint is
 * turned back on, so the WAL never grows without bound.
 *
 * A PASSIVE checkpoint cannot restart the WAL while the writer keeps appending; the WAL starts
 * over at the first write after a checkpoint that caught up. Under a storm with no pause the file
 * could still grow, so `afterCommit` checks its size now and then and above `maxWalBytes` runs a
 * blocking RESTART checkpoint on the engine's thread (rare: once per several hundred MB written).
 */
import { statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Db } from './database'

export interface CheckpointerOptions {
  /** Path of the database file (its WAL is `${file}-wal`). */
  file: string
  intervalMs?: number
  /** Above this WAL size the engine's thread checkpoints itself (default 256 MiB). */
  maxWalBytes?: number
  log?: (line: string) => void
}

// Runs in the worker (CommonJS eval): its own connection, PASSIVE checkpoints on a timer.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.module)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 0')
const run = () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ ok: true, log: r.log, checkpointed: r.checkpointed })
  } catch (e) {
    parentPort.postMessage({ ok: false, error: String(e && e.message || e) })
  }
}
const timer = setInterval(run, workerData.intervalMs)
parentPort.on('message', (m) => {
  if (m === 'stop') {
    clearInterval(timer)
    try { db.pragma('wal_checkpoint(PASSIVE)') } catch {}
    db.close()
    parentPort.close()
  }
})
`

export function startCheckpointer(db: Db, opts: CheckpointerOptions) {
  const maxWalBytes = opts.maxWalBytes ?? 256 * 1024 * 1024
  const walFile = `${opts.file}-wal`
  let worker: Worker | null = null
  let stopped = false
  let commits = 0
  let lastError: string | null = null
  let checkpoints = 0

  const fallBack = (why: string) => {
    if (stopped) return
    worker = null
    opts.log?.(`checkpoint worker unavailable (${why}): SQLite checkpoints automatically again`)
    db.pragma('wal_autocheckpoint = 1000')
  }

  try {
    const module = createRequire(import.meta.url).resolve('better-sqlite3')
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module, file: opts.file, intervalMs: opts.intervalMs ?? 250 },
    })
    worker.unref()
    db.pragma('wal_autocheckpoint = 0')
    worker.on('message', (m: { ok: boolean; error?: string }) => {
      if (m.ok) {
        checkpoints++
        lastError = null
      } else lastError = m.error ?? 'unknown'
    })
    worker.on('error', (e) => fallBack(e.message))
    worker.on('exit', (code) => {
      if (!stopped) fallBack(`exited with ${code}`)
    })
  } catch (e) {
    fallBack((e as Error).message)
  }

  return {
    /** Call after each write transaction on the engine's connection. */
    afterCommit() {
      if (!worker || ++commits % 64 !== 0) return
      let size = 0
      try {
        size = statSync(walFile).size
      } catch {
        return
      }
      if (size > maxWalBytes) db.pragma('wal_checkpoint(RESTART)')
    },
    status: () => ({ worker: worker !== null, checkpoints, lastError }),
    async stop() {
      stopped = true
      const w = worker
      worker = null
      if (!w) return
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()))
      w.postMessage('stop')
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())])
      await w.terminate()
    },
  }
}
