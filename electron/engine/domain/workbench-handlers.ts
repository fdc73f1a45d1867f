/**
 * Handlers of the workbench's methods (the queue, its counts, the SLA settings); index.ts spreads
 * them into the dispatcher's handlers.
 */
import { ContractFailure, type DuplicateReason, type EventSummary, type LinkKind } from '../../contract'
import type { Db } from '../store/database'
import { createEventsQueue } from '../store/events-query'
import { SUMMARY_COLUMNS, toSummary } from '../store/events-repo'
import type { Handlers } from '../rpc/dispatcher'
import { createSlaSettings } from './sla-settings'
import { duplicateReasons, type DuplicateFacts } from './duplicates'
import { toHallIso } from './time'

type Row = Parameters<typeof toSummary>[0] & {
  reported_ms: number
  lat: number | null
  lng: number | null
  reporter_phone: string | null
}
/**
 * At most this many rows of the window are looked at for duplicates (the newest first): each costs
 * a row read (≈ 4 µs), so this bounds the worst case near 40 ms whatever window is configured.
 */
const DUPLICATE_WINDOW_ROWS = 10_000

type WorkbenchMethods =
  'events.queue' | 'events.queueCounts' | 'events.duplicates' | 'events.link' | 'sla.getSettings' | 'sla.setSettings'

export interface WorkbenchOptions {
  now?: () => number
  /**
   * Commits the ingest's open group-commit batch first, so the hall's own writes (settings, links)
   * are their own durable transactions, never part of a batch of MQTT messages.
   */
  flushIngest?: () => void
}

export function createWorkbenchHandlers(db: Db, opts: WorkbenchOptions = {}): Pick<Handlers, WorkbenchMethods> {
  const now = opts.now ?? Date.now
  const flush = opts.flushIngest ?? (() => {})
  const sla = createSlaSettings(db, now)
  const queue = createEventsQueue<Parameters<typeof toSummary>[0] & { reported_ms: number }>(
    db,
    SUMMARY_COLUMNS,
    toSummary,
    {
      now,
      dueSoonMs: () => sla.get().settings.dueSoonHours * 3_600_000,
      reminderMs: () => {
        const m = sla.get().settings.reminderMinutes
        return { 1: m['1'] * 60_000, 2: m['2'] * 60_000, 3: m['3'] * 60_000, 4: m['4'] * 60_000 }
      },
    },
  )
  const COLS = `${SUMMARY_COLUMNS}, reported_ms, lat, lng, reporter_phone`
  const one = db.prepare<[string, string], Row>(`SELECT ${COLS} FROM events WHERE drill_run = ? AND id = ?`)
  // The window's rows, walked on the keyset index; category and phone are read from the rows.
  const windowRows = db.prepare<[number, number, string, string, string, string | null], Row>(
    `SELECT ${COLS} FROM events INDEXED BY events_by_reported
     WHERE reported_ms BETWEEN ? AND ? AND drill_run = ? AND id <> ? AND (category = ? OR reporter_phone = ?)
     LIMIT ${DUPLICATE_WINDOW_ROWS}`,
  )
  const links = db.prepare<[string, string], { other_id: string; kind: LinkKind }>(
    'SELECT other_id, kind FROM event_links WHERE drill_run = ? AND id = ? ORDER BY created_at',
  )
  const addLink = db.prepare(
    `INSERT INTO event_links (drill_run, id, other_id, kind, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (drill_run, id, other_id) DO UPDATE SET kind = excluded.kind`,
  )
  const facts = (r: Row): DuplicateFacts => ({
    id: r.id,
    category: r.category,
    lat: r.lat,
    lng: r.lng,
    reporterPhone: r.reporter_phone,
    reportedMs: r.reported_ms,
  })

  return {
    'events.duplicates': ({ id, drillRunId }) => {
      const run = drillRunId ?? ''
      const self = one.get(run, id)
      if (!self) throw new ContractFailure('not_found', `event ${id} not found`)
      const cfg = sla.get().settings.duplicates
      const windowMs = cfg.windowHours * 3_600_000
      const linked = links.all(run, id)
      const linkedIds = new Set(linked.map((l) => l.other_id))
      const suggestions: { event: EventSummary; reasons: DuplicateReason[]; distanceMeters: number | null }[] = []
      for (const r of windowRows.all(
        self.reported_ms - windowMs,
        self.reported_ms + windowMs,
        run,
        id,
        self.category,
        self.reporter_phone,
      )) {
        if (linkedIds.has(r.id)) continue
        const d = duplicateReasons(facts(self), facts(r), cfg)
        if (d.reasons.length) suggestions.push({ event: toSummary(r), ...d })
      }
      suggestions.sort(
        (a, b) =>
          b.reasons.length - a.reasons.length ||
          (a.distanceMeters ?? Infinity) - (b.distanceMeters ?? Infinity) ||
          a.event.id.localeCompare(b.event.id),
      )
      return {
        suggestions: suggestions.slice(0, 20),
        linked: linked.flatMap((l) => {
          const r = one.get(run, l.other_id)
          return r ? [{ event: toSummary(r), kind: l.kind }] : []
        }),
      }
    },
    'events.link': ({ id, otherId, kind, drillRunId }, ctx) => {
      const run = drillRunId ?? ''
      if (id === otherId) throw new ContractFailure('invalid_params', 'an event cannot be linked to itself')
      for (const x of [id, otherId])
        if (!one.get(run, x)) throw new ContractFailure('not_found', `event ${x} not found`)
      const at = toHallIso(now())
      const by = ctx.operator?.displayName ?? null
      flush()
      db.transaction(() => {
        addLink.run(run, id, otherId, kind, at, by)
        addLink.run(run, otherId, id, kind, at, by)
      })()
      return { ok: true as const }
    },
    'events.queue': (p) => queue.queue(p),
    'events.queueCounts': (p) => queue.counts(p),
    'sla.getSettings': () => sla.get(),
    // Who changed them: the signed-in administrator.
    'sla.setSettings': (p, ctx) => {
      flush()
      return sla.set(p.settings, ctx.operator?.displayName ?? null)
    },
  }
}
