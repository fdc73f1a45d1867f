/**
 * Alarms and their settings in the hall database (migration 13). An alarm is raised once per
 * event id (a later version of the same event raises nothing) and ends once: acknowledged by an
 * operator or expired after the configured time.
 */
import {
  alarmSettingsSchema,
  ContractFailure,
  DEFAULT_ALARM_SETTINGS,
  type Alarm,
  type AlarmSettings,
  type AlarmSettingsState,
  type AlarmState,
} from '../../contract'
import { toHallIso } from '../domain/time'
import type { Db } from '../store/database'

interface AlarmRow {
  id: number
  event_id: string
  severity: number
  title: string
  township_code: string
  township: string | null
  source: string
  reported_at: string
  raised_ms: number
  state: AlarmState
  ended_ms: number | null
  acknowledged_by: string | null
  acknowledged_by_name: string | null
}

export interface NewAlarm {
  eventId: string
  severity: number
  title: string
  townshipCode: string
  township: string | null
  source: string
  reportedAt: string
}

const toAlarm = (r: AlarmRow): Alarm => ({
  id: r.id,
  eventId: r.event_id,
  severity: r.severity,
  title: r.title,
  townshipCode: r.township_code,
  township: r.township,
  source: r.source,
  reportedAt: r.reported_at,
  raisedAt: toHallIso(r.raised_ms),
  state: r.state,
  endedAt: r.ended_ms === null ? null : toHallIso(r.ended_ms),
  acknowledgedBy: r.acknowledged_by,
  acknowledgedByName: r.acknowledged_by_name,
})

/** At most this many active alarms are listed at once (a storm of major events). */
export const ACTIVE_LIST_CAP = 500

export function createAlarmsRepo(db: Db) {
  const stmts = {
    insert: db.prepare<[string, number, string, string, string | null, string, string, number]>(
      `INSERT OR IGNORE INTO alarms (event_id, severity, title, township_code, township, source, reported_at, raised_ms, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active')`,
    ),
    byId: db.prepare<[number], AlarmRow>('SELECT * FROM alarms WHERE id = ?'),
    active: db.prepare<[number], AlarmRow>(`SELECT * FROM alarms WHERE state = 'active' ORDER BY id DESC LIMIT ?`),
    activeCount: db.prepare<[], number>(`SELECT count(*) FROM alarms WHERE state = 'active'`).pluck(),
    recent: db.prepare<[number], AlarmRow>('SELECT * FROM alarms ORDER BY id DESC LIMIT ?'),
    due: db.prepare<[number], AlarmRow>(
      `SELECT * FROM alarms INDEXED BY alarms_active WHERE state = 'active' AND raised_ms <= ? ORDER BY id`,
    ),
    end: db.prepare<[AlarmState, number, string | null, string | null, number]>(
      `UPDATE alarms SET state = ?, ended_ms = ?, acknowledged_by = ?, acknowledged_by_name = ?
       WHERE id = ? AND state = 'active'`,
    ),
    readSettings: db.prepare<[], { version: number; updated_at: string; updated_by: string | null; payload: string }>(
      'SELECT version, updated_at, updated_by, payload FROM alarm_settings WHERE singleton = 1',
    ),
    writeSettings: db.prepare(
      `INSERT INTO alarm_settings (singleton, version, updated_at, updated_by, payload) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by, payload = excluded.payload`,
    ),
  }

  /** Raises one alarm per event not seen before; returns the alarms raised. */
  const raiseTx = db.transaction((items: NewAlarm[], nowMs: number): Alarm[] => {
    const raised: Alarm[] = []
    for (const a of items) {
      const r = stmts.insert.run(
        a.eventId,
        a.severity,
        a.title,
        a.townshipCode,
        a.township,
        a.source,
        a.reportedAt,
        nowMs,
      )
      if (r.changes) raised.push(toAlarm(stmts.byId.get(Number(r.lastInsertRowid))!))
    }
    return raised
  })

  /** Ends the given alarms if still active; returns those it ended. */
  const endTx = db.transaction(
    (
      ids: number[],
      state: 'acknowledged' | 'expired',
      nowMs: number,
      by: { username: string; name: string } | null,
    ): Alarm[] => {
      const ended: Alarm[] = []
      for (const id of ids) {
        if (stmts.end.run(state, nowMs, by?.username ?? null, by?.name ?? null, id).changes)
          ended.push(toAlarm(stmts.byId.get(id)!))
      }
      return ended
    },
  )

  function getSettings(): AlarmSettingsState {
    const row = stmts.readSettings.get()
    if (!row) return { settings: DEFAULT_ALARM_SETTINGS, version: 0, updatedAt: null, updatedBy: null }
    // Stored only after validation; parsed again so a hand-edited row cannot break the alarms.
    const parsed = alarmSettingsSchema.safeParse(JSON.parse(row.payload))
    return {
      settings: parsed.success ? parsed.data : DEFAULT_ALARM_SETTINGS,
      version: row.version,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    }
  }

  const setSettingsTx = db.transaction(
    (settings: AlarmSettings, baseVersion: number, by: string | null, nowMs: number): AlarmSettingsState => {
      const current = getSettings()
      if (current.version !== baseVersion)
        throw new ContractFailure(
          'conflict',
          `the alarm settings were changed meanwhile (version ${current.version}, edited ${baseVersion}): reload and edit again`,
        )
      const state: AlarmSettingsState = {
        settings,
        version: current.version + 1,
        updatedAt: toHallIso(nowMs),
        updatedBy: by,
      }
      stmts.writeSettings.run(state.version, state.updatedAt, by, JSON.stringify(settings))
      return state
    },
  )

  return {
    raise: (items: NewAlarm[], nowMs: number): Alarm[] => raiseTx(items, nowMs),
    end: (
      ids: number[],
      state: 'acknowledged' | 'expired',
      nowMs: number,
      by: { username: string; name: string } | null,
    ): Alarm[] => endTx(ids, state, nowMs, by),
    get: (id: number): Alarm | null => {
      const r = stmts.byId.get(id)
      return r ? toAlarm(r) : null
    },
    active: (limit = ACTIVE_LIST_CAP) => stmts.active.all(limit).map(toAlarm),
    activeCount: () => stmts.activeCount.get() ?? 0,
    recent: (limit: number) => stmts.recent.all(limit).map(toAlarm),
    /** Active alarms raised at or before `raisedBeforeMs`. */
    dueIds: (raisedBeforeMs: number) => stmts.due.all(raisedBeforeMs).map((r) => r.id),
    getSettings,
    setSettings: (settings: AlarmSettings, baseVersion: number, by: string | null, nowMs: number): AlarmSettingsState =>
      setSettingsTx(settings, baseVersion, by, nowMs),
  }
}
export type AlarmsRepo = ReturnType<typeof createAlarmsRepo>
