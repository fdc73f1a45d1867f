/**
 * Online backup of the hall's databases — `hall.sqlite3` and the duty log's `dutylog.sqlite3` —
 * with SQLite's backup API (better-sqlite3 `db.backup()`), while the engine keeps ingesting. Each
 * backup is one folder `zs-backup-{UTC stamp}` holding both files and a `manifest.json`; it is
 * written as `….partial` and renamed when complete, so a folder without the suffix is always a
 * whole backup. On a schedule (every `intervalMinutes`, the first one due `intervalMinutes` after
 * the newest backup on disk, so restarts do not postpone it) and on demand; the `keep` newest are
 * kept. Restore: docs/operations.md.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BackupResult, BackupStatus } from '../../contract'
import { toHallIso } from '../domain/time'

export interface BackupSource {
  /** The file name inside the backup (the same as in the data dir, so a restore is a copy back). */
  file: string
  backup(dest: string): Promise<unknown>
}

export interface BackupOptions {
  dir: string
  /** Minutes between scheduled backups; 0 = on demand only. */
  intervalMinutes: number
  keep: number
}

export const DEFAULT_BACKUP_INTERVAL_MINUTES = 360
export const DEFAULT_BACKUP_KEEP = 8
const PREFIX = 'zs-backup-'
const MANIFEST = 'manifest.json'

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:.]/g, '')

/** Copies of one file tried before a backup gives up, and the pause between them (backupOnce). */
const MAX_ATTEMPTS = 20
const RETRY_PAUSE_MS = 25

export function createBackups(
  opts: BackupOptions,
  sources: BackupSource[],
  deps: { log(msg: string): void; now?: () => number },
) {
  const now = deps.now ?? Date.now
  let running: Promise<BackupResult> | null = null
  let last: BackupResult | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let nextAtMs: number | null = null
  let stopped = false

  function onDisk(): BackupResult[] {
    if (!existsSync(opts.dir)) return []
    const out: BackupResult[] = []
    for (const name of readdirSync(opts.dir).sort().reverse()) {
      if (!name.startsWith(PREFIX) || name.endsWith('.partial')) continue
      try {
        out.push(JSON.parse(readFileSync(join(opts.dir, name, MANIFEST), 'utf8')) as BackupResult)
      } catch {
        // A folder someone copied in by hand without a manifest: not ours to list.
      }
    }
    return out
  }

  function prune() {
    for (const old of onDisk().slice(Math.max(1, opts.keep)))
      rmSync(join(opts.dir, old.name), { recursive: true, force: true })
  }

  async function backupOnce(trigger: BackupResult['trigger']): Promise<BackupResult> {
    const started = now()
    const name = `${PREFIX}${stamp(started)}`
    const partial = join(opts.dir, `${name}.partial`)
    const result: BackupResult = {
      name,
      at: toHallIso(started),
      ok: false,
      files: [],
      durationMs: 0,
      trigger,
      error: null,
    }
    try {
      mkdirSync(partial, { recursive: true })
      for (const s of sources) {
        const dest = join(partial, s.file)
        // When SQLite answers the first backup step with BUSY (the source connection is in the
        // middle of an ingest batch), no page count is known yet: better-sqlite3 reads "0 pages
        // remaining" as done, resolves, and deletes the new, unfinished file (seen in CI under a
        // steady ingest, 2026-11-28). So a copy that is not there is made again, after a pause.
        for (let attempt = 1; ; attempt++) {
          await s.backup(dest)
          if (existsSync(dest)) break
          if (attempt >= MAX_ATTEMPTS) throw new Error(`the backup of ${s.file} produced no file (${attempt} attempts)`)
          await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS))
        }
        result.files.push({ file: s.file, bytes: statSync(dest).size })
      }
      result.ok = true
      result.durationMs = Math.round(now() - started)
      writeFileSync(join(partial, MANIFEST), JSON.stringify(result, null, 2))
      renameSync(partial, join(opts.dir, name))
      prune()
      deps.log(`backup ${name}: ${result.files.map((f) => `${f.file} ${f.bytes} B`).join(', ')}`)
    } catch (e) {
      result.ok = false
      result.error = (e as Error).message
      result.durationMs = Math.round(now() - started)
      rmSync(partial, { recursive: true, force: true })
      deps.log(`backup failed: ${result.error}`)
    }
    last = result
    return result
  }

  function run(trigger: BackupResult['trigger'] = 'manual'): Promise<BackupResult> {
    // One at a time: a second request while one runs gets that one's result.
    running ??= backupOnce(trigger).finally(() => (running = null))
    return running
  }

  function schedule() {
    if (stopped || opts.intervalMinutes <= 0) return
    const intervalMs = opts.intervalMinutes * 60_000
    const newest = onDisk()[0]
    const due = newest ? Date.parse(newest.at) + intervalMs : now() + intervalMs
    const delay = Math.min(Math.max(0, due - now()), 2 ** 31 - 1)
    nextAtMs = now() + delay
    timer = setTimeout(() => {
      void run('schedule').finally(schedule)
    }, delay)
    timer.unref?.()
  }

  return {
    run,
    start: schedule,
    status(): BackupStatus {
      return {
        dir: opts.dir,
        intervalMinutes: opts.intervalMinutes,
        keep: opts.keep,
        running: running !== null,
        nextAt: nextAtMs !== null && opts.intervalMinutes > 0 ? toHallIso(nextAtMs) : null,
        last,
        items: onDisk(),
      }
    },
    /** Stops the schedule and waits for a backup in progress. */
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running?.catch(() => {})
    },
  }
}
export type Backups = ReturnType<typeof createBackups>
