/**
 * Carried-over items (交接遗留事项): the open items of the last signed handover stay in front of
 * the next shift until each is dealt with — automatically, when the engine sees its state resolve
 * (the event closed, the alert confirmed, the command acknowledged, the zero report received, the
 * instruction struck through), or by an operator who marks it done with a note.
 *
 * Both kinds of "done" are rows of `carried_done`, which triggers keep append-only; a manual one
 * is also written to the duty log (so it is in the hash chain). Once done, an item stays done even
 * if its event is reopened later: a reopened event is new work, collected by the next handover.
 */
import type { CarriedItem, CarriedKind, CarriedOver, OpenItems } from '../../contract'
import { ContractFailure } from '../../contract'
import { toHallIso } from '../domain/time'
import type { Db } from '../store/database'
import type { Author, DutyLog } from './dutylog-store'

export const CARRY_OVER_MIGRATION = {
  id: 3,
  name: 'carried-over items done (append-only), handovers published, overdue events logged',
  sql: `
    CREATE TABLE carried_done (
      handover_id TEXT NOT NULL,
      item_key    TEXT NOT NULL,
      at          TEXT NOT NULL,
      by_user     TEXT NOT NULL,
      by_name     TEXT NOT NULL,
      note        TEXT NOT NULL,
      auto        INTEGER NOT NULL,
      PRIMARY KEY (handover_id, item_key)
    ) WITHOUT ROWID;
    CREATE INDEX carried_done_by_key ON carried_done (item_key);
    CREATE TRIGGER carried_done_no_update BEFORE UPDATE ON carried_done
      BEGIN SELECT RAISE(ABORT, 'carried-over items are append-only'); END;
    CREATE TRIGGER carried_done_no_delete BEFORE DELETE ON carried_done
      BEGIN SELECT RAISE(ABORT, 'carried-over items are append-only'); END;

    CREATE TABLE handover_published (
      handover_id  TEXT PRIMARY KEY,
      published_at TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE overdue_logged (
      event_id    TEXT NOT NULL,
      deadline_ms INTEGER NOT NULL,
      logged_at   TEXT NOT NULL,
      PRIMARY KEY (event_id, deadline_ms)
    ) WITHOUT ROWID;
  `,
}

type Item = Omit<CarriedItem, 'done'>

/** '2026-11-28 18:00' in hall time, whatever offset the platform wrote. */
const hallMinute = (iso: string) => {
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? iso : toHallIso(ms).slice(0, 16).replace('T', ' ')
}

/** The handover's open items as single items (counts by status are not items: they are re-collected). */
export function carriedItemsOf(open: OpenItems): Item[] {
  const out: Item[] = []
  const add = (kind: CarriedKind, ref: string, label: string, detail: string | null) =>
    out.push({ key: `${kind}:${ref}`, kind, ref, label, detail })
  for (const e of open.overdue.items)
    add(
      'overdue',
      e.id,
      e.title,
      [e.township, e.deadline && `期限 ${hallMinute(e.deadline)}`].filter(Boolean).join(' · ') || null,
    )
  for (const e of open.supervised.items) add('supervised', e.id, e.title, `${e.level} 级督办`)
  for (const a of open.unconfirmedVideoAlerts.items) add('video_alert', a.id, a.community ?? a.id, a.type)
  for (const c of open.outbox.items) add('command', c.commandId, `${c.action} → ${c.target}`, c.state)
  for (const t of open.missingZeroReports) add('zero_report', t, t, null)
  for (const i of open.openInstructions)
    add(
      'instruction',
      i.id,
      i.text,
      [i.instructedBy, i.dueAt && `时限 ${hallMinute(i.dueAt)}`].filter(Boolean).join(' · ') || null,
    )
  if (open.runningDrill) add('drill', open.runningDrill, open.runningDrill, null)
  return out
}

const EVENT_DONE_FOR_DEADLINE = new Set(['rejected', 'resolved', 'visited', 'closed'])
const EVENT_FINISHED = new Set(['rejected', 'closed'])

const STATUS_ZH: Record<string, string> = {
  rejected: '不予受理',
  resolved: '已处置',
  visited: '已回访',
  closed: '已办结',
  confirmed: '已确认',
  dismissed: '已排除',
  forwarded: '已转物业',
  rectified: '已整改',
  verified: '已核查',
}

interface LastHandover {
  id: string
  shift: string
  openItems: OpenItems
  outgoing: string
  incoming: string
  signedAt: string
}

export interface CarryOverDeps {
  hall: Db
  dutyLog: DutyLog
  runningDrill: () => string | null
  now?: () => number
}

export function createCarryOver(deps: CarryOverDeps) {
  const now = deps.now ?? Date.now
  const ddb = deps.dutyLog.db
  const stmts = {
    done: ddb.prepare<
      [string],
      { item_key: string; at: string; by_user: string; by_name: string; note: string; auto: number }
    >('SELECT item_key, at, by_user, by_name, note, auto FROM carried_done WHERE handover_id = ?'),
    insert: ddb.prepare(
      `INSERT OR IGNORE INTO carried_done (handover_id, item_key, at, by_user, by_name, note, auto)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    eventStatus: deps.hall
      .prepare<[string], string>("SELECT status FROM events WHERE drill_run = '' AND id = ?")
      .pluck(),
    alertStatus: deps.hall
      .prepare<[string], string>("SELECT status FROM video_alerts WHERE drill_run = '' AND id = ?")
      .pluck(),
    commandState: deps.hall.prepare<[string], string>('SELECT state FROM outbox WHERE command_id = ?').pluck(),
    zeroReport: deps.hall
      .prepare<[string, string], number>(
        "SELECT count(*) FROM zero_reports WHERE drill_run = '' AND unit_name = ? AND date >= ?",
      )
      .pluck(),
  }

  /** Why an item counts as dealt with now, or null while it is still open. */
  function resolution(item: Item, h: LastHandover): string | null {
    switch (item.kind) {
      case 'overdue': {
        const s = stmts.eventStatus.get(item.ref)
        return s && EVENT_DONE_FOR_DEADLINE.has(s) ? `事件${STATUS_ZH[s] ?? s}` : null
      }
      case 'supervised': {
        const s = stmts.eventStatus.get(item.ref)
        return s && EVENT_FINISHED.has(s) ? `事件${STATUS_ZH[s] ?? s}` : null
      }
      case 'video_alert': {
        const s = stmts.alertStatus.get(item.ref)
        return s && s !== 'new' ? `告警${STATUS_ZH[s] ?? s}` : null
      }
      case 'command':
        return stmts.commandState.get(item.ref) === 'acknowledged' ? '平台已确认指令' : null
      case 'zero_report':
        // Received for the handover's day or later (hall dates sort as text).
        return stmts.zeroReport.get(item.ref, h.signedAt.slice(0, 10))! > 0 ? '零报告已收到' : null
      case 'instruction': {
        const entry = deps.dutyLog.get(item.ref)
        return entry && entry.corrections.length ? '批示记录已更正' : null
      }
      case 'drill':
        return deps.runningDrill() !== item.ref ? '演练已结束' : null
    }
  }

  const recordAuto = ddb.transaction((handoverId: string, found: { key: string; note: string }[]) => {
    const at = toHallIso(now())
    for (const f of found) stmts.insert.run(handoverId, f.key, at, 'system', '系统', f.note, 1)
  })

  // Only the last handover's items are carried over; read it directly (verifying the whole chain
  // every 30 s would cost more as the years of handovers grow; the list shows the verification).
  const lastRow = ddb.prepare<
    [],
    { id: string; shift: string; open_items: string; outgoing_name: string; incoming_name: string; incoming_at: string }
  >('SELECT id, shift, open_items, outgoing_name, incoming_name, incoming_at FROM handovers ORDER BY seq DESC LIMIT 1')
  function last(): LastHandover | null {
    const r = lastRow.get()
    if (!r) return null
    try {
      return {
        id: r.id,
        shift: r.shift,
        openItems: JSON.parse(r.open_items) as OpenItems,
        outgoing: r.outgoing_name,
        incoming: r.incoming_name,
        signedAt: r.incoming_at,
      }
    } catch {
      return null
    }
  }

  /** Records the items whose state resolved; returns the handover's items with their state. */
  function refresh(): CarriedOver {
    const h = last()
    if (!h || !h.openItems) return { handover: null, items: [], pending: 0 }
    const items = carriedItemsOf(h.openItems)
    let done = new Map(stmts.done.all(h.id).map((r) => [r.item_key, r]))
    const resolved: { key: string; note: string }[] = []
    for (const i of items) {
      if (done.has(i.key)) continue
      const why = resolution(i, h)
      if (why) resolved.push({ key: i.key, note: why })
    }
    if (resolved.length) {
      recordAuto(h.id, resolved)
      done = new Map(stmts.done.all(h.id).map((r) => [r.item_key, r]))
    }
    const out: CarriedItem[] = items.map((i) => {
      const d = done.get(i.key)
      return {
        ...i,
        done: d ? { at: d.at, by: d.by_user, byName: d.by_name, note: d.note, auto: d.auto === 1 } : null,
      }
    })
    return {
      handover: { id: h.id, shift: h.shift, signedAt: h.signedAt, outgoing: h.outgoing, incoming: h.incoming },
      items: out,
      pending: out.filter((i) => !i.done).length,
    }
  }

  return {
    refresh,
    /** An operator marks an item of the last handover done; also a line in the duty log. */
    markDone(p: { handoverId: string; key: string; note: string }, author: Author): CarriedItem {
      const current = refresh()
      if (!current.handover || current.handover.id !== p.handoverId)
        throw new ContractFailure('conflict', 'a newer handover was signed: its items are the ones carried over now')
      const item = current.items.find((i) => i.key === p.key)
      if (!item) throw new ContractFailure('not_found', `the handover carries no item ${p.key}`)
      if (item.done) return item
      const at = toHallIso(now())
      ddb.transaction(() => {
        stmts.insert.run(p.handoverId, p.key, at, author.username, author.displayName, p.note, 0)
        deps.dutyLog.add(
          {
            type: 'other',
            text: `交接遗留事项已处理：${item.label}（${item.ref}）。说明：${p.note}`,
            ...(item.kind === 'overdue' || item.kind === 'supervised' ? { eventId: item.ref } : {}),
          },
          author,
        )
      })()
      return { ...item, done: { at, by: author.username, byName: author.displayName, note: p.note, auto: false } }
    },
  }
}
export type CarryOver = ReturnType<typeof createCarryOver>
