/**
 * Zero reports (零报告): the current report per (drill_run, date, unit) and the history of every
 * report received. A report whose (unit, date, id, reportedAt) is already stored is a duplicate;
 * one with an earlier reportedAt than the current report is stale (kept in the history); a later
 * (or equally timed, different) one replaces the current report. Writes happen in the caller's
 * transaction.
 */
import { videoAlertKey, type ZeroReport, type ZsZeroReport } from '../../contract'
import { toMs } from '../domain/decode'
import type { Db } from './database'

interface ReportRow {
  drill_run: string
  date: string
  unit_code: string
  id: string
  unit_name: string | null
  level: string | null
  nothing_to_report: number
  note: string | null
  reported_at: string
  reported_ms: number
  received_at: string
  report_count: number
}

const COLUMNS = `drill_run, date, unit_code, id, unit_name, level, nothing_to_report, note, reported_at, reported_ms,
  received_at, report_count`

/** The key of a report in the hall: one per unit and day (and drill run). */
export const zeroReportKey = (date: string, unitCode: string, drillRunId: string | null) =>
  videoAlertKey(`${date}\u0001${unitCode}`, drillRunId)

export function toZeroReport(r: ReportRow): ZeroReport {
  return {
    key: zeroReportKey(r.date, r.unit_code, r.drill_run || null),
    id: r.id,
    date: r.date,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    level: r.level,
    nothingToReport: r.nothing_to_report === 1,
    note: r.note,
    reportedAt: r.reported_at,
    receivedAt: r.received_at,
    reportCount: r.report_count,
    drill: r.drill_run !== '',
    drillRunId: r.drill_run || null,
  }
}

export type ZeroReportApplied = { outcome: 'duplicate' } | { outcome: 'new' | 'replaced' | 'stale'; report: ZeroReport }

export function createZeroReportsRepo(db: Db) {
  const stmts = {
    insertHistory: db.prepare(
      `INSERT OR IGNORE INTO zero_report_history (drill_run, date, unit_code, id, reported_ms, topic, received_at, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    current: db.prepare<[string, string, string], ReportRow>(
      `SELECT ${COLUMNS} FROM zero_reports WHERE drill_run = ? AND date = ? AND unit_code = ?`,
    ),
    bumpCount: db.prepare(
      'UPDATE zero_reports SET report_count = report_count + 1 WHERE drill_run = ? AND date = ? AND unit_code = ?',
    ),
    upsert: db.prepare(`
      INSERT INTO zero_reports (${COLUMNS})
      VALUES (@drill_run, @date, @unit_code, @id, @unit_name, @level, @nothing_to_report, @note, @reported_at,
        @reported_ms, @received_at, @report_count)
      ON CONFLICT (drill_run, date, unit_code) DO UPDATE SET
        id = excluded.id, unit_name = excluded.unit_name, level = excluded.level,
        nothing_to_report = excluded.nothing_to_report, note = excluded.note, reported_at = excluded.reported_at,
        reported_ms = excluded.reported_ms, received_at = excluded.received_at, report_count = excluded.report_count`),
    forDate: db.prepare<[string, string], ReportRow>(
      `SELECT ${COLUMNS} FROM zero_reports WHERE drill_run = ? AND date = ? ORDER BY unit_code`,
    ),
    history: db.prepare<[string, string, string], { payload: string; topic: string; received_at: string }>(
      `SELECT payload, topic, received_at FROM zero_report_history
       WHERE drill_run = ? AND date = ? AND unit_code = ? ORDER BY seq`,
    ),
  }

  function apply(
    report: ZsZeroReport,
    rawText: string,
    topic: string,
    receivedAt: string,
    drillRun = '',
  ): ZeroReportApplied {
    const reportedMs = toMs(report.reportedAt)
    const { date, unitCode } = report
    const inserted = stmts.insertHistory.run(
      drillRun,
      date,
      unitCode,
      report.id,
      reportedMs,
      topic,
      receivedAt,
      rawText,
    )
    if (inserted.changes === 0) return { outcome: 'duplicate' }
    const current = stmts.current.get(drillRun, date, unitCode)
    if (current && current.reported_ms > reportedMs) {
      stmts.bumpCount.run(drillRun, date, unitCode)
      return { outcome: 'stale', report: toZeroReport({ ...current, report_count: current.report_count + 1 }) }
    }
    const row: ReportRow = {
      drill_run: drillRun,
      date,
      unit_code: unitCode,
      id: report.id,
      unit_name: report.unitName ?? null,
      level: report.level ?? null,
      nothing_to_report: report.nothingToReport ? 1 : 0,
      note: report.note ?? null,
      reported_at: report.reportedAt,
      reported_ms: reportedMs,
      received_at: receivedAt,
      report_count: (current?.report_count ?? 0) + 1,
    }
    stmts.upsert.run(row)
    return { outcome: current ? 'replaced' : 'new', report: toZeroReport(row) }
  }

  return {
    apply,
    /** The current reports of a day, by unit code. */
    forDate(date: string, drillRun = ''): ZeroReport[] {
      return stmts.forDate.all(drillRun, date).map(toZeroReport)
    },
    /** Every report received for a unit and day, oldest first, as received. */
    history(date: string, unitCode: string, drillRun = '') {
      return stmts.history.all(drillRun, date, unitCode).map((h) => ({
        topic: h.topic,
        receivedAt: h.received_at,
        payload: JSON.parse(h.payload) as Record<string, unknown>,
      }))
    },
  }
}
export type ZeroReportsRepo = ReturnType<typeof createZeroReportsRepo>
