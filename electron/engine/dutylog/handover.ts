/**
 * Handover (交接班). The outgoing lead prepares it — the engine collects the open items from the
 * hall's data — writes the summary, and both leads sign by re-entering their passwords. Only then
 * is it stored, frozen: a row that triggers keep from being changed, carrying the SHA-256 of its
 * content chained to the previous handover's. Any later change in the database shows as
 * tampering when the handovers are read.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { Handover, OpenItems } from '../../contract'
import { toHallIso } from '../domain/time'
import type { Db } from '../store/database'
import type { DutyLog } from './dutylog-store'

export const HANDOVER_MIGRATION = {
  id: 2,
  name: 'handovers: frozen, hash-chained, signed by both leads',
  sql: `
    CREATE TABLE handovers (
      seq               INTEGER PRIMARY KEY,
      id                TEXT NOT NULL UNIQUE,
      shift             TEXT NOT NULL,
      summary           TEXT NOT NULL,
      open_items        TEXT NOT NULL,
      outgoing          TEXT NOT NULL,
      outgoing_name     TEXT NOT NULL,
      outgoing_at       TEXT NOT NULL,
      incoming          TEXT NOT NULL,
      incoming_name     TEXT NOT NULL,
      incoming_at       TEXT NOT NULL,
      prev_hash         TEXT NOT NULL,
      hash              TEXT NOT NULL
    );
    CREATE TRIGGER handovers_no_update BEFORE UPDATE ON handovers
      BEGIN SELECT RAISE(ABORT, 'a signed handover is frozen'); END;
    CREATE TRIGGER handovers_no_delete BEFORE DELETE ON handovers
      BEGIN SELECT RAISE(ABORT, 'a signed handover is frozen'); END;
  `,
}

interface HandoverRow {
  seq: number
  id: string
  shift: string
  summary: string
  open_items: string
  outgoing: string
  outgoing_name: string
  outgoing_at: string
  incoming: string
  incoming_name: string
  incoming_at: string
  prev_hash: string
  hash: string
}

const GENESIS = '0'.repeat(64)

export function handoverHash(r: Omit<HandoverRow, 'seq' | 'hash'>): string {
  const content = JSON.stringify([
    r.id,
    r.shift,
    r.summary,
    r.open_items,
    r.outgoing,
    r.outgoing_name,
    r.outgoing_at,
    r.incoming,
    r.incoming_name,
    r.incoming_at,
  ])
  return createHash('sha256').update(r.prev_hash).update('\n').update(content).digest('hex')
}

const FINISHED = "('closed', 'rejected')"
const OPEN_FOR_DEADLINE = "('rejected', 'resolved', 'visited', 'closed')"

/** Collects the open items from the hall's database (real events only) and the duty log. */
export function collectOpenItems(
  hall: Db,
  dutyLog: DutyLog,
  deps: { nowMs: number; missingZeroReports: () => string[]; runningDrill: () => string | null },
): OpenItems {
  const openByStatus: Record<string, number> = {}
  for (const r of hall
    .prepare<[], { status: string; n: number }>(
      `SELECT status, sum(n) AS n FROM event_counts WHERE drill = 0 AND n > 0 AND status NOT IN ${FINISHED} GROUP BY status`,
    )
    .all())
    openByStatus[r.status] = r.n
  const overdueWhere = `drill_run = '' AND deadline_ms IS NOT NULL AND status NOT IN ${OPEN_FOR_DEADLINE} AND deadline_ms < ?`
  const overdueCount = hall
    .prepare<[number], number>(`SELECT count(*) FROM events INDEXED BY events_open_deadline WHERE ${overdueWhere}`)
    .pluck()
    .get(deps.nowMs)!
  const overdueItems = hall
    .prepare<[number], { id: string; title: string; deadline: string | null; township: string | null }>(
      `SELECT id, title, deadline, township FROM events INDEXED BY events_open_deadline WHERE ${overdueWhere}
       ORDER BY deadline_ms LIMIT 50`,
    )
    .all(deps.nowMs)
  const hasSupervision = hall
    .prepare<[], number>("SELECT count(*) FROM pragma_table_info('events') WHERE name = 'supervision_level'")
    .pluck()
    .get()!
  const supervisedWhere = `supervision_level IS NOT NULL AND drill_run = '' AND status NOT IN ${FINISHED}`
  const supervised = hasSupervision
    ? {
        count: hall.prepare<[], number>(`SELECT count(*) FROM events WHERE ${supervisedWhere}`).pluck().get()!,
        items: hall
          .prepare<[], { id: string; title: string; level: number; deadline: string | null }>(
            `SELECT id, title, supervision_level AS level, deadline FROM events WHERE ${supervisedWhere}
             ORDER BY supervision_level DESC, deadline_ms LIMIT 50`,
          )
          .all(),
      }
    : { count: 0, items: [] }
  const videoWhere = "drill_run = '' AND status = 'new'"
  const unconfirmedVideoAlerts = {
    count: hall.prepare<[], number>(`SELECT count(*) FROM video_alerts WHERE ${videoWhere}`).pluck().get()!,
    items: hall
      .prepare<[], { id: string; type: string; community: string | null; detectedAt: string }>(
        `SELECT id, type, community_name AS community, detected_at AS detectedAt FROM video_alerts WHERE ${videoWhere}
         ORDER BY detected_ms DESC LIMIT 50`,
      )
      .all(),
  }
  const outboxRows = hall
    .prepare<[], { commandId: string; action: string; target: string; state: string }>(
      `SELECT command_id AS commandId, action, target_id AS target, state FROM outbox
       WHERE state IN ('pending', 'failed') ORDER BY seq LIMIT 100`,
    )
    .all()
  const outboxCounts = hall
    .prepare<[], { state: string; n: number }>(
      "SELECT state, count(*) AS n FROM outbox WHERE state IN ('pending', 'failed') GROUP BY state",
    )
    .all()
  const weekAgo = toHallIso(deps.nowMs - 7 * 86_400_000)
  // An instruction marked carried out on an earlier handover's carried-over list is not open again.
  const markedDone = dutyLog.db
    .prepare<[string], number>('SELECT count(*) FROM carried_done WHERE item_key = ?')
    .pluck()
  const openInstructions = dutyLog
    .list({ type: 'instruction', from: weekAgo, limit: 200 })
    .items.filter(
      (e) =>
        e.corrections.length === 0 &&
        (!e.dueAt || Date.parse(e.dueAt) >= deps.nowMs) &&
        markedDone.get(`instruction:${e.id}`) === 0,
    )
    .map((e) => ({ id: e.id, text: e.text, instructedBy: e.instructedBy, dueAt: e.dueAt }))
  return {
    openByStatus,
    overdue: { count: overdueCount, items: overdueItems },
    supervised,
    unconfirmedVideoAlerts,
    outbox: {
      pending: outboxCounts.find((c) => c.state === 'pending')?.n ?? 0,
      failed: outboxCounts.find((c) => c.state === 'failed')?.n ?? 0,
      items: outboxRows,
    },
    missingZeroReports: deps.missingZeroReports(),
    openInstructions,
    runningDrill: deps.runningDrill(),
  }
}

export function createHandovers(dutyDb: Db, now: () => number = Date.now) {
  const stmts = {
    last: dutyDb.prepare<[], { hash: string }>('SELECT hash FROM handovers ORDER BY seq DESC LIMIT 1'),
    insert: dutyDb.prepare(
      `INSERT INTO handovers (id, shift, summary, open_items, outgoing, outgoing_name, outgoing_at, incoming, incoming_name,
         incoming_at, prev_hash, hash)
       VALUES (@id, @shift, @summary, @open_items, @outgoing, @outgoing_name, @outgoing_at, @incoming, @incoming_name,
         @incoming_at, @prev_hash, @hash)`,
    ),
    all: dutyDb.prepare<[], HandoverRow>('SELECT * FROM handovers ORDER BY seq'),
    byId: dutyDb.prepare<[string], HandoverRow>('SELECT * FROM handovers WHERE id = ?'),
  }

  /** Every handover with its verification, oldest first (the chain is checked in order). */
  function verifiedAll(): Handover[] {
    let prev = GENESIS
    const out: Handover[] = []
    for (const r of stmts.all.all()) {
      let problem: string | null = null
      if (r.prev_hash !== prev) problem = 'not chained to the handover before it (one was removed or inserted)'
      else if (handoverHash(r) !== r.hash) problem = 'its content changed after both leads signed'
      let openItems: OpenItems
      try {
        openItems = JSON.parse(r.open_items) as OpenItems
      } catch {
        openItems = JSON.parse('null') as OpenItems
        problem ??= 'its open items cannot be read'
      }
      out.push({
        id: r.id,
        seq: r.seq,
        shift: r.shift,
        summary: r.summary,
        openItems,
        outgoing: { username: r.outgoing, displayName: r.outgoing_name, signedAt: r.outgoing_at },
        incoming: { username: r.incoming, displayName: r.incoming_name, signedAt: r.incoming_at },
        hash: r.hash,
        prevHash: r.prev_hash,
        verified: problem === null,
        problem,
      })
      prev = r.hash
    }
    return out
  }

  const signTx = dutyDb.transaction(
    (p: {
      shift: string
      summary: string
      openItems: OpenItems
      outgoing: { username: string; displayName: string }
      incoming: { username: string; displayName: string }
    }): string => {
      const at = toHallIso(now())
      const base = {
        id: randomUUID(),
        shift: p.shift,
        summary: p.summary,
        open_items: JSON.stringify(p.openItems),
        outgoing: p.outgoing.username,
        outgoing_name: p.outgoing.displayName,
        outgoing_at: at,
        incoming: p.incoming.username,
        incoming_name: p.incoming.displayName,
        incoming_at: at,
        prev_hash: stmts.last.get()?.hash ?? GENESIS,
      }
      stmts.insert.run({ ...base, hash: handoverHash(base) })
      return base.id
    },
  )

  return {
    sign(p: {
      shift: string
      summary: string
      openItems: OpenItems
      outgoing: { username: string; displayName: string }
      incoming: { username: string; displayName: string }
    }): Handover {
      const id = signTx(p)
      return verifiedAll().find((h) => h.id === id)!
    },
    list: (): Handover[] => verifiedAll().reverse(),
    get: (id: string): Handover | null => verifiedAll().find((h) => h.id === id) ?? null,
  }
}
export type Handovers = ReturnType<typeof createHandovers>
