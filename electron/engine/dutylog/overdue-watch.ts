/**
 * Overdue and supervised events in the duty log: a periodic check writes one line per real event
 * whose deadline passed while it was still open (a burst — e.g. the first check after an outage —
 * is one line). `overdue_logged` remembers (event, deadline), so a restart does not write it
 * again, and an event given a new deadline that it misses again is noted again.
 *
 * The same check notes 督办 as the platform records it: an open real event that carries a
 * supervision level (the county or the hall put it under supervision) gets one line per level
 * (`supervision_logged`), whoever issued it — the hall's own 督办 command has its line already
 * when it is issued; this one says the platform holds the event under supervision. When the
 * platform lifts it (a newer version without a supervision level while the event is still open),
 * one line says so and the event's levels are forgotten, so a later 督办 is noted again. An event
 * that is finished, or gone, is forgotten without a line: its supervision ended with it.
 */
import type { Db } from '../store/database'
import type { DutyLog } from './dutylog-store'

const STILL_RUNNING = "('rejected', 'resolved', 'visited', 'closed')"
/** More than this many at once: one summary line. */
const BURST = 3
const MAX_PER_CHECK = 5000

export const SUPERVISION_LOGGED_MIGRATION = {
  id: 5,
  name: 'supervised events logged',
  sql: `
    CREATE TABLE supervision_logged (
      event_id  TEXT NOT NULL,
      level     INTEGER NOT NULL,
      logged_at TEXT NOT NULL,
      PRIMARY KEY (event_id, level)
    ) WITHOUT ROWID;
  `,
}

const LEVEL_NAMES = ['', '一', '二', '三']

type Supervised = { id: string; title: string; township: string | null; level: number }

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

  type Line = { id: string; title: string; township: string | null }
  /** One line per event, or one summary line for a burst; each event marked in the same transaction. */
  const lines = <E extends Line>(markOne: (e: E, at: string) => void, summary: string, line: (e: E) => string) =>
    ddb.transaction((fresh: E[]) => {
      const at = new Date(now()).toISOString()
      for (const e of fresh) markOne(e, at)
      if (fresh.length > BURST)
        dutyLog.addSystem(
          `${fresh.length} ${summary}：${fresh
            .slice(0, 5)
            .map((e) => e.id)
            .join('、')}${fresh.length > 5 ? ' 等' : ''}`,
        )
      else
        for (const e of fresh)
          dutyLog.addSystem(`${line(e)}：${e.title}${e.township ? `（${e.township}）` : ''}`, { eventId: e.id })
    })

  const write = lines<Line & { deadline_ms: number }>(
    (e, at) => mark.run(e.id, e.deadline_ms, at),
    '起事件超过办理时限',
    () => '事件超过办理时限',
  )

  const supervised = hall.prepare<[], Supervised>(
    `SELECT id, title, township, supervision_level AS level FROM events INDEXED BY events_queue_supervised
     WHERE supervision_level IS NOT NULL AND drill_run = '' AND status NOT IN ${STILL_RUNNING}`,
  )
  const supervisionLogged = ddb
    .prepare<[string, number], number>('SELECT count(*) FROM supervision_logged WHERE event_id = ? AND level = ?')
    .pluck()
  const markSupervised = ddb.prepare(
    'INSERT OR IGNORE INTO supervision_logged (event_id, level, logged_at) VALUES (?, ?, ?)',
  )
  const levelName = (level: number) => `${LEVEL_NAMES[level] ?? level}级`
  const writeSupervised = lines<Supervised>(
    (e, at) => markSupervised.run(e.id, e.level, at),
    '起事件在督办中',
    (e) => `事件列入${levelName(e.level)}督办`,
  )

  // The events with a logged level, and what the hall holds for them now.
  const loggedEvents = ddb.prepare<[], string>('SELECT DISTINCT event_id FROM supervision_logged').pluck()
  const stateOf = hall.prepare<
    [string],
    { id: string; title: string; township: string | null; level: number | null; finished: number }
  >(
    `SELECT id, title, township, supervision_level AS level, status IN ${STILL_RUNNING} AS finished
     FROM events WHERE drill_run = '' AND id = ?`,
  )
  const forget = ddb.prepare('DELETE FROM supervision_logged WHERE event_id = ?')
  const writeLifted = lines<Line>(
    (e) => forget.run(e.id),
    '起事件解除督办',
    () => '事件解除督办',
  )
  const forgetOnly = ddb.transaction((ids: string[]) => {
    for (const id of ids) forget.run(id)
  })

  return {
    /** Writes the events whose supervision the platform lifted; returns how many. */
    checkLifted(): number {
      const lifted: Line[] = []
      const ended: string[] = []
      for (const id of loggedEvents.all()) {
        const e = stateOf.get(id)
        if (!e || e.finished) ended.push(id)
        else if (e.level === null) lifted.push(e)
      }
      if (ended.length) forgetOnly(ended)
      if (lifted.length) writeLifted(lifted)
      return lifted.length
    },
    /** Writes the events newly under supervision (or at a higher level); returns how many. */
    checkSupervision(): number {
      const fresh: Supervised[] = []
      for (const e of supervised.iterate()) {
        if (supervisionLogged.get(e.id, e.level) === 0) fresh.push(e)
        if (fresh.length >= MAX_PER_CHECK) break
      }
      if (fresh.length) writeSupervised(fresh)
      return fresh.length
    },
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
