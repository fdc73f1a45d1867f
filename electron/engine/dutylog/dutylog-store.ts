/**
 * The duty log's own database file, `dutylog.sqlite3` beside the hall's: it has no upstream copy
 * (unlike MQTT data, which the broker redelivers), so every write is synced (`synchronous=FULL`)
 * before the call returns, and the file is small enough for that to cost nothing that matters.
 *
 * Append-only: entries and their corrections are rows of one `records` table that triggers keep
 * from being updated or deleted. Each record carries the SHA-256 of its content chained to the
 * previous record's, so a change made behind the engine's back (triggers dropped, file edited) is
 * found by the integrity check that runs at every start.
 */
import { createHash, randomUUID } from 'node:crypto'
import {
  ContractFailure,
  DEFAULT_SHIFTS,
  shiftScheduleSchema,
  type DutyEntry,
  type DutyEntryInput,
  type DutyEntryType,
  type IntegrityReport,
  type Shift,
  type ShiftDef,
} from '../../contract'
import { toHallIso } from '../domain/time'
import type BetterSqlite3 from 'better-sqlite3'
import { openDatabase, type Db } from '../store/database'
import type { Migration } from '../store/migrations'
import { attachmentUrl, ATTACHMENTS_MIGRATION, createAttachments, type StoredAttachment } from './attachments'
import { CARRY_OVER_MIGRATION } from './carry-over'
import { SUPERVISION_LOGGED_MIGRATION } from './overdue-watch'
import { createHandovers, HANDOVER_MIGRATION } from './handover'
import { shiftAt } from './shifts'

export const DUTYLOG_FILE = 'dutylog.sqlite3'

export const dutyLogMigrations: Migration[] = [
  {
    id: 1,
    name: 'duty log records (append-only, hash-chained), settings, roster',
    sql: `
      CREATE TABLE records (
        seq           INTEGER PRIMARY KEY,
        id            TEXT NOT NULL UNIQUE,
        kind          TEXT NOT NULL CHECK (kind IN ('entry', 'correction')),
        at            TEXT NOT NULL,
        at_ms         INTEGER NOT NULL,
        shift         TEXT NOT NULL,
        type          TEXT,
        text          TEXT NOT NULL,
        author        TEXT NOT NULL,
        author_name   TEXT NOT NULL,
        auto          INTEGER NOT NULL,
        event_id      TEXT,
        instructed_by TEXT,
        due_at        TEXT,
        corrects      TEXT,
        prev_hash     TEXT NOT NULL,
        hash          TEXT NOT NULL
      );
      CREATE INDEX records_by_time ON records (at_ms);
      CREATE INDEX records_by_shift ON records (shift, seq);
      CREATE INDEX records_by_correction ON records (corrects) WHERE corrects IS NOT NULL;
      CREATE TRIGGER records_no_update BEFORE UPDATE ON records
        BEGIN SELECT RAISE(ABORT, 'the duty log is append-only'); END;
      CREATE TRIGGER records_no_delete BEFORE DELETE ON records
        BEGIN SELECT RAISE(ABORT, 'the duty log is append-only'); END;

      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE roster (
        shift        TEXT NOT NULL,
        username     TEXT NOT NULL,
        display_name TEXT NOT NULL,
        duty         TEXT NOT NULL CHECK (duty IN ('lead', 'officer')),
        PRIMARY KEY (shift, username)
      ) WITHOUT ROWID;
    `,
  },
  HANDOVER_MIGRATION,
  CARRY_OVER_MIGRATION,
  ATTACHMENTS_MIGRATION,
  SUPERVISION_LOGGED_MIGRATION,
]

interface RecordRow {
  seq: number
  id: string
  kind: 'entry' | 'correction'
  at: string
  at_ms: number
  shift: string
  type: DutyEntryType | null
  text: string
  author: string
  author_name: string
  auto: number
  event_id: string | null
  instructed_by: string | null
  due_at: string | null
  corrects: string | null
  /** JSON list of StoredAttachment (migration 4); null when none. */
  attachments: string | null
  prev_hash: string
  hash: string
}

const GENESIS = '0'.repeat(64)

/**
 * The hash of a record: its content in a fixed order, chained to the previous record's hash.
 * The attachment list joins the content only when there is one, so records written before
 * attachments existed keep their hashes.
 */
export function recordHash(
  r: Omit<RecordRow, 'seq' | 'hash' | 'attachments'> & { attachments?: string | null },
): string {
  const fields: unknown[] = [
    r.id,
    r.kind,
    r.at,
    r.at_ms,
    r.shift,
    r.type,
    r.text,
    r.author,
    r.author_name,
    r.auto,
    r.event_id,
    r.instructed_by,
    r.due_at,
    r.corrects,
  ]
  if (r.attachments != null) fields.push(r.attachments)
  const content = JSON.stringify(fields)
  return createHash('sha256').update(r.prev_hash).update('\n').update(content).digest('hex')
}

export interface Author {
  username: string
  displayName: string
}
export const SYSTEM_AUTHOR: Author = { username: 'system', displayName: '系统' }

/** An entry written by the engine itself. */
function systemRecord(text: string, extra: { eventId?: string; type?: DutyEntryType }) {
  return {
    kind: 'entry' as const,
    type: extra.type ?? ('system' as const),
    text,
    author: SYSTEM_AUTHOR.username,
    author_name: SYSTEM_AUTHOR.displayName,
    auto: 1,
    event_id: extra.eventId ?? null,
    instructed_by: null,
    due_at: null,
    corrects: null,
    attachments: null,
  }
}

export function openDutyLog(opts: { dataDir: string; now?: () => number }) {
  const now = opts.now ?? Date.now
  const db: Db = openDatabase({ dataDir: opts.dataDir, fileName: DUTYLOG_FILE, migrations: dutyLogMigrations })
  // Every write on disk before the call returns: a power cut loses nothing that was confirmed.
  db.pragma('synchronous = FULL')

  const stmts = {
    last: db.prepare<[], { hash: string }>('SELECT hash FROM records ORDER BY seq DESC LIMIT 1'),
    insert: db.prepare(
      `INSERT INTO records (id, kind, at, at_ms, shift, type, text, author, author_name, auto, event_id, instructed_by,
         due_at, corrects, attachments, prev_hash, hash)
       VALUES (@id, @kind, @at, @at_ms, @shift, @type, @text, @author, @author_name, @auto, @event_id, @instructed_by,
         @due_at, @corrects, @attachments, @prev_hash, @hash)`,
    ),
    byId: db.prepare<[string], RecordRow>('SELECT * FROM records WHERE id = ?'),
    correctionsOf: db.prepare<[string], RecordRow>(
      "SELECT * FROM records WHERE corrects = ? AND kind = 'correction' ORDER BY seq",
    ),
    all: db.prepare<[], RecordRow>('SELECT * FROM records ORDER BY seq'),
    setting: db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck(),
    putSetting: db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    roster: db.prepare<[string], { username: string; display_name: string; duty: 'lead' | 'officer' }>(
      'SELECT username, display_name, duty FROM roster WHERE shift = ? ORDER BY duty, username',
    ),
    clearRoster: db.prepare('DELETE FROM roster WHERE shift = ?'),
    addRoster: db.prepare('INSERT INTO roster (shift, username, display_name, duty) VALUES (?, ?, ?, ?)'),
  }

  function schedule(): ShiftDef[] {
    const raw = stmts.setting.get('shifts')
    if (!raw) return DEFAULT_SHIFTS
    const parsed = shiftScheduleSchema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : DEFAULT_SHIFTS
  }

  const append = db.transaction(
    (r: Omit<RecordRow, 'seq' | 'hash' | 'prev_hash' | 'id' | 'at' | 'at_ms' | 'shift'>): RecordRow => {
      const t = now()
      const base = {
        ...r,
        id: randomUUID(),
        at: toHallIso(t),
        at_ms: t,
        shift: shiftAt(schedule(), t).key,
        prev_hash: stmts.last.get()?.hash ?? GENESIS,
      }
      const row = { ...base, hash: recordHash(base) }
      const info = stmts.insert.run(row)
      return { ...row, seq: Number(info.lastInsertRowid) }
    },
  )

  const toEntry = (r: RecordRow): DutyEntry => ({
    id: r.id,
    seq: r.seq,
    at: r.at,
    shift: r.shift,
    type: r.type ?? 'other',
    text: r.text,
    author: r.author,
    authorName: r.author_name,
    auto: r.auto === 1,
    eventId: r.event_id,
    instructedBy: r.instructed_by,
    dueAt: r.due_at,
    corrections: stmts.correctionsOf.all(r.id).map((c) => ({
      id: c.id,
      at: c.at,
      reason: c.text,
      author: c.author,
      authorName: c.author_name,
    })),
    attachments: r.attachments
      ? (JSON.parse(r.attachments) as StoredAttachment[]).map((a) => ({ ...a, url: attachmentUrl(a.sha256) }))
      : [],
  })

  const attachments = createAttachments(db, now)

  /** Walks the whole chain and SQLite's own check. */
  function checkIntegrity(): IntegrityReport {
    const problems: string[] = []
    const sqlite = db.pragma('integrity_check') as { integrity_check: string }[]
    for (const r of sqlite) if (r.integrity_check !== 'ok') problems.push(`SQLite: ${r.integrity_check}`)
    let prev = GENESIS
    let count = 0
    for (const r of stmts.all.iterate()) {
      count++
      if (r.prev_hash !== prev)
        problems.push(`record ${r.seq}: not chained to the record before it (one was removed or inserted)`)
      if (recordHash(r) !== r.hash) problems.push(`record ${r.seq} (${r.at}): its content changed after it was written`)
      prev = r.hash
      if (problems.length > 50) break
    }
    const triggers = db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'records_no_%'")
      .pluck()
      .all()
    if (triggers.length !== 2) problems.push('the append-only triggers were removed')
    for (const sha of attachments.corrupted()) problems.push(`attachment ${sha}: its bytes changed after it was stored`)
    return { checkedAt: toHallIso(now()), ok: problems.length === 0, records: count, problems }
  }
  let lastIntegrity = checkIntegrity()

  const setRosterTx = db.transaction(
    (shift: string, members: { username: string; displayName: string; duty: 'lead' | 'officer' }[]) => {
      stmts.clearRoster.run(shift)
      for (const m of members) stmts.addRoster.run(shift, m.username, m.displayName, m.duty)
    },
  )
  const systemBatchTx = db.transaction((items: { text: string; eventId?: string; type?: DutyEntryType }[]) => {
    for (const i of items) append(systemRecord(i.text, i))
  })

  const handovers = createHandovers(db, now)

  return {
    handovers,
    attachments,
    /** For tests and tools that need the file itself. */
    pragma: (name: string): unknown => db.pragma(name, { simple: true }),
    /** Runs SQL on the duty log file (tests use it to prove the triggers refuse changes). */
    run: (sql: string): void => void db.prepare(sql).run(),
    schedule,
    currentShift: (): Shift => shiftAt(schedule(), now()),
    setSchedule(shifts: ShiftDef[]) {
      stmts.putSetting.run('shifts', JSON.stringify(shiftScheduleSchema.parse(shifts)))
    },
    roster: (shift: string) =>
      stmts.roster.all(shift).map((r) => ({ username: r.username, displayName: r.display_name, duty: r.duty })),
    setRoster(shift: string, members: { username: string; displayName: string; duty: 'lead' | 'officer' }[]): void {
      setRosterTx(shift, members)
    },

    /** An operator's entry. Returns once it is on disk. */
    add(input: DutyEntryInput, author: Author): DutyEntry {
      const row = append({
        kind: 'entry',
        type: input.type,
        text: input.text,
        author: author.username,
        author_name: author.displayName,
        auto: 0,
        event_id: input.eventId ?? null,
        instructed_by: input.instructedBy ?? null,
        due_at: input.dueAt ?? null,
        corrects: null,
        attachments: input.attachments?.length ? JSON.stringify(attachments.resolve(input.attachments)) : null,
      })
      return toEntry(row)
    },

    /** An entry the engine writes itself (major events, broker outages, drills…). */
    addSystem(text: string, extra: { eventId?: string; type?: DutyEntryType } = {}): DutyEntry {
      return toEntry(append(systemRecord(text, extra)))
    },

    /** Several system entries in one synced transaction (e.g. the major events of one ingest batch). */
    addSystemBatch(items: { text: string; eventId?: string; type?: DutyEntryType }[]): void {
      systemBatchTx(items)
    },

    /** Strikes an entry through with a reason; the entry stays as it was. */
    correct(entryId: string, reason: string, author: Author): DutyEntry {
      const entry = stmts.byId.get(entryId)
      if (!entry || entry.kind !== 'entry') throw new ContractFailure('not_found', `no duty log entry ${entryId}`)
      append({
        kind: 'correction',
        type: null,
        text: reason,
        author: author.username,
        author_name: author.displayName,
        auto: 0,
        event_id: null,
        instructed_by: null,
        due_at: null,
        corrects: entryId,
        attachments: null,
      })
      return toEntry(stmts.byId.get(entryId)!)
    },

    get(entryId: string): DutyEntry | null {
      const r = stmts.byId.get(entryId)
      return r && r.kind === 'entry' ? toEntry(r) : null
    },

    list(p: {
      text?: string
      type?: DutyEntryType
      author?: string
      shift?: string
      from?: string
      to?: string
      cursor?: number
      limit: number
    }): { items: DutyEntry[]; nextCursor: number | null } {
      const where = ["kind = 'entry'"]
      const args: unknown[] = []
      if (p.cursor) {
        where.push('seq < ?')
        args.push(p.cursor)
      }
      if (p.type) {
        where.push('type = ?')
        args.push(p.type)
      }
      if (p.author) {
        where.push('(author = ? OR author_name = ?)')
        args.push(p.author, p.author)
      }
      if (p.shift) {
        where.push('shift = ?')
        args.push(p.shift)
      }
      if (p.from) {
        where.push('at_ms >= ?')
        args.push(Date.parse(p.from))
      }
      if (p.to) {
        where.push('at_ms < ?')
        args.push(Date.parse(p.to))
      }
      if (p.text) {
        where.push("(text LIKE ? ESCAPE '\\' OR instructed_by LIKE ? ESCAPE '\\' OR event_id LIKE ? ESCAPE '\\')")
        const like = `%${p.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        args.push(like, like, like)
      }
      const rows = db
        .prepare<unknown[], RecordRow>(`SELECT * FROM records WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`)
        .all(...args, p.limit + 1)
      const more = rows.length > p.limit
      const items = rows.slice(0, p.limit).map(toEntry)
      return { items, nextCursor: more ? items[items.length - 1].seq : null }
    },

    checkIntegrity() {
      lastIntegrity = checkIntegrity()
      return lastIntegrity
    },
    /** The result of the check run at start (or the last one run since). */
    integrity: () => lastIntegrity,
    /** The duty log's connection, for the modules that keep their own tables in this file. */
    db: db as BetterSqlite3.Database,
    /** An online copy of this file (SQLite backup API) to `dest`. */
    backup: (dest: string): Promise<unknown> => db.backup(dest),
    close: (): void => void db.close(),
  }
}
export type DutyLog = ReturnType<typeof openDutyLog>
