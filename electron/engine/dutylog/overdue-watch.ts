/**
 * Overdue events in the duty log: a periodic check writes one line per real event whose deadline
 * passed while it was still open (a burst — e.g. the first check after an outage — is one line).
 * `overdue_logged` remembers (event, deadline), so a restart does not write it again, and an event
 * given a new deadline that it misses again is noted again.
 */
import type { Db } from '../store/database'
import type { DutyLog } from './dutylog-store'

const STILL_RUNNING = "('rejected', 'resolved', 'visited', 'closed')"
/** More than this many at once: one summary line. */
const BURST = 3
const MAX_PER_CHECK = 5000

export function createOverdueWatch(hall: Db, dutyLog: DutyLog, now: () => number = Date.now) {
  const due = hall.prepare<[number], { id: string; title: string; deadline_ms: number; township: string | null }>(
    `SELECT id, title, deadline_ms, township FROM events INDEXED BY events_open_deadline
     WHERE drill_run = '' AND deadline_ms IS NOT NULL AND status NOT IN ${STILL_RUNNING} AND deadline_ms < ?
     ORDER BY deadline_ms`,
  )
  const ddb = dutyLog.db
  const logged = ddb
    .prepare<[string, number], number>('SELECT count(*) FROM overdue_logged WHERE event_id = ? AND deadline_ms = ?')
    .pluck()
  const mark = ddb.prepare('INSERT OR IGNORE INTO overdue_logged (event_id, deadline_ms, logged_at) VALUES (?, ?, ?)')

  const write = ddb.transaction(
    (fresh: { id: string; title: string; deadline_ms: number; township: string | null }[]) => {
      const at = new Date(now()).toISOString()
      for (const e of fresh) mark.run(e.id, e.deadline_ms, at)
      if (fresh.length > BURST)
        dutyLog.addSystem(
          `${fresh.length} 起事件超过办理时限：${fresh
            .slice(0, 5)
            .map((e) => e.id)
            .join('、')}${fresh.length > 5 ? ' 等' : ''}`,
        )
      else
        for (const e of fresh)
          dutyLog.addSystem(`事件超过办理时限：${e.title}${e.township ? `（${e.township}）` : ''}`, { eventId: e.id })
    },
  )

  return {
    /** Writes the events that became overdue since the last check; returns how many. */
    check(): number {
      const fresh: { id: string; title: string; deadline_ms: number; township: string | null }[] = []
      for (const e of due.iterate(now())) {
        if (logged.get(e.id, e.deadline_ms) === 0) fresh.push(e)
        if (fresh.length >= MAX_PER_CHECK) break
      }
      if (fresh.length) write(fresh)
      return fresh.length
    },
  }
}
