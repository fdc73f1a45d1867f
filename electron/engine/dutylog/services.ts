/**
 * What the duty log adds to the engine beyond its store and the handover handlers: carried-over
 * items, publishing signed handovers, the overdue-event and supervision lines, backups, and the
 * roster candidates. One object, so the composition root (engine/index.ts) wires it in a few lines.
 */
import { join } from 'node:path'
import { ContractFailure, type OutboxItem } from '../../contract'
import type { AuthService } from '../auth/auth-service'
import { createBackups, DEFAULT_BACKUP_INTERVAL_MINUTES, DEFAULT_BACKUP_KEEP } from '../backup/backup'
import type { CallContext, Handlers } from '../rpc/dispatcher'
import type { Db } from '../store/database'
import { createCarryOver } from './carry-over'
import type { Author, DutyLog } from './dutylog-store'
import { DUTYLOG_FILE } from './dutylog-store'
import { createOverdueWatch } from './overdue-watch'
import { createHandoverPublisher } from './publish'

export interface DutyServiceOptions {
  /** Publish each signed handover on `{root}/halls/{hallId}/handovers` (default true). */
  publishHandovers?: boolean
  /** Scheduled backups; `intervalMinutes: 0` = on demand only. Default: every 6 h, keep 8, `{dataDir}/backups`. */
  backup?: { dir?: string; intervalMinutes?: number; keep?: number }
  /** How often overdue events and carried-over items are checked (default 30 s). */
  watchIntervalMs?: number
}

export interface DutyServiceDeps {
  hall: Db
  dutyLog: DutyLog
  auth: AuthService
  dataDir: string
  topicRoot: string
  hallId: string
  publish(topic: string, payload: string): Promise<void>
  runningDrill(): string | null
  log(msg: string): void
}

function authorOf(ctx: CallContext): Author {
  if (!ctx.operator) throw new ContractFailure('forbidden', 'this needs a signed-in operator')
  return { username: ctx.operator.username, displayName: ctx.operator.displayName }
}

const SUPERVISE_LEVEL = ['', '一', '二', '三']

export function createDutyServices(opts: DutyServiceOptions, deps: DutyServiceDeps) {
  const carryOver = createCarryOver({ hall: deps.hall, dutyLog: deps.dutyLog, runningDrill: deps.runningDrill })
  const publishing = opts.publishHandovers ?? true
  const publisher = createHandoverPublisher({
    dutyLog: deps.dutyLog,
    topicRoot: deps.topicRoot,
    hallId: deps.hallId,
    publish: deps.publish,
    log: deps.log,
  })
  const overdue = createOverdueWatch(deps.hall, deps.dutyLog)
  const backups = createBackups(
    {
      dir: opts.backup?.dir ?? join(deps.dataDir, 'backups'),
      intervalMinutes: opts.backup?.intervalMinutes ?? DEFAULT_BACKUP_INTERVAL_MINUTES,
      keep: opts.backup?.keep ?? DEFAULT_BACKUP_KEEP,
    },
    [
      // Large steps: a step restarts when another connection (the WAL checkpointer) changed the
      // file meanwhile, so fewer steps finish sooner under a steady ingest.
      { file: 'hall.sqlite3', backup: (dest) => deps.hall.backup(dest, { progress: () => 4096 }) },
      { file: DUTYLOG_FILE, backup: (dest) => deps.dutyLog.backup(dest) },
    ],
    { log: deps.log },
  )

  let timer: ReturnType<typeof setInterval> | null = null
  function tick() {
    try {
      overdue.check()
      overdue.checkLifted()
      overdue.checkSupervision()
      carryOver.refresh()
      if (publishing) publisher.publishPending()
    } catch (e) {
      deps.log(`duty log watch: ${(e as Error).message}`)
    }
  }

  const handlers: Pick<
    Handlers,
    'handover.carriedOver' | 'handover.markDone' | 'shifts.candidates' | 'backup.status' | 'backup.run'
  > = {
    'handover.carriedOver': () => carryOver.refresh(),
    'handover.markDone': (p, ctx) => carryOver.markDone(p, authorOf(ctx)),
    'shifts.candidates': () => ({
      items: deps.auth
        .list()
        .filter((a) => !a.disabled && a.role !== 'viewer')
        .map((a) => ({ username: a.username, displayName: a.displayName, role: a.role })),
    }),
    'backup.status': () => backups.status(),
    'backup.run': () => backups.run('manual'),
  }

  return {
    handlers,
    carryOver,
    publisher,
    backups,
    /** After a handover is signed: publish it now (it is also retried at every watch tick). */
    afterSign() {
      if (publishing) publisher.publishPending()
    },
    /** A 督办 command issued by an operator: one line in the duty log. */
    noteCommand(item: OutboxItem) {
      if (item.action !== 'supervise' || item.target.drillRunId) return
      const level = Number(item.params.level ?? 0)
      const note = typeof item.params.note === 'string' && item.params.note ? `：${item.params.note}` : ''
      try {
        deps.dutyLog.addSystem(
          `${item.operator.name} 督办事件 ${item.target.id}（${SUPERVISE_LEVEL[level] ?? level}级督办）${note}`,
          { eventId: item.target.id },
        )
      } catch (e) {
        deps.log(`duty log: ${(e as Error).message}`)
      }
    },
    start(): void {
      tick()
      timer = setInterval(tick, opts.watchIntervalMs ?? 30_000)
      timer.unref?.()
      backups.start()
    },
    async stop() {
      if (timer) clearInterval(timer)
      publisher.stop()
      await backups.stop()
    },
  }
}
export type DutyServices = ReturnType<typeof createDutyServices>
