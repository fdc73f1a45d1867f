/**
 * The supervision reports on a real SQLite file: events applied through the events repository
 * (as ingest does), read back as traces, reported and exported as real xlsx and PDF files.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MonthlyUnitReport, ReportExport, WeeklySupervision, ZsEvent } from '../../contract'
import { ContractFailure } from '../../contract'
import { validEvent } from '../domain/test-event'
import { findReportFont, monthlyTable, toPdf } from '../reports/export'
import { openDatabase, type Db } from '../store/database'
import { createEventsRepo } from '../store/events-repo'
import { createReportHandlers } from './report-handlers'

const NOW = Date.parse('2026-11-20T12:00:00+08:00')
const at = (day: number, hour: number) =>
  `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`

describe('supervision report handlers', () => {
  let dir: string
  let db: Db
  let handlers: ReturnType<typeof createReportHandlers>['methods']

  const apply = (e: ZsEvent) => {
    const repo = createEventsRepo(db)
    db.transaction(() => repo.apply(e, JSON.stringify(e), `zs/events/${e.source}`, e.updatedAt))()
  }
  const lifecycle = (id: string, steps: [ZsEvent['status'], string, Partial<ZsEvent>?][]) => {
    steps.forEach(([status, updatedAt, extra], i) =>
      apply(validEvent({ id, version: i + 1, status, updatedAt, reportedAt: at(16, 8), ...extra })),
    )
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zs-reports-'))
    db = openDatabase({ dataDir: dir })
    handlers = createReportHandlers({ db, now: () => NOW }).methods
    const eco = { assignee: { unitId: 'U-ECO', unitName: '县生态环境局' }, deadline: at(17, 9) }
    lifecycle('EV-A', [
      ['reported', at(16, 8)],
      ['accepted', at(16, 8)],
      ['dispatched', at(16, 9), eco],
      ['in_progress', at(16, 10), eco],
      ['resolved', at(16, 18), eco],
      ['visited', at(16, 19), { ...eco, satisfaction: 'satisfied' }],
    ])
    lifecycle('EV-B', [
      ['reported', at(16, 8)],
      ['accepted', at(16, 8)],
      ['dispatched', at(16, 9), eco],
      ['dispatched', at(18, 9), { ...eco, supervision: { level: 2, note: '请加快办理' } }],
    ])
  })
  afterEach(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('reports the month per unit and the week’s supervision list', async () => {
    const month = (await handlers['reports.monthlyUnits'](
      { month: '2026-11', receiptLimitHours: 2 },
      null as never,
    )) as MonthlyUnitReport
    expect(month.rows).toEqual([
      expect.objectContaining({
        unitId: 'U-ECO',
        received: 2,
        acceptedInTime: 1,
        resolvedInTime: 1,
        overdue: 1,
        visited: 1,
        satisfactionRate: 100,
      }),
    ])
    const week = (await handlers['reports.weeklySupervision'](
      { date: '2026-11-18' },
      null as never,
    )) as WeeklySupervision
    expect([week.from, week.to]).toEqual(['2026-11-16', '2026-11-22'])
    expect(week.items.map((i) => [i.eventId, i.reason, i.supervisionLevel])).toEqual([
      ['EV-B', 'overdue_supervised', 2],
    ])
    expect(week.byUnit).toEqual([{ unitId: 'U-ECO', unitName: '县生态环境局', count: 1 }])
    // Drill events and other weeks: nothing.
    const other = (await handlers['reports.weeklySupervision'](
      { date: '2026-10-01' },
      null as never,
    )) as WeeklySupervision
    expect(other.items).toEqual([])
  })

  it('exports real xlsx files that read back with the figures', async () => {
    const file = (await handlers['reports.export'](
      { kind: 'monthly', format: 'xlsx', month: '2026-11', receiptLimitHours: 2 },
      null as never,
    )) as ReportExport
    expect(file.filename).toBe('月度通报-2026-11.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]
    expect(ws.getRow(1).getCell(1).value).toBe('一月一通报 · 2026-11 各单位办理情况')
    expect(ws.getRow(3).values).toEqual([
      undefined,
      '承办单位',
      '接收',
      '按时签收',
      '按期办结',
      '超期',
      '回访',
      '满意率',
    ])
    expect(ws.getRow(4).values).toEqual([undefined, '县生态环境局', 2, 1, 1, 1, 1, '100%'])
    expect(ws.getRow(5).getCell(1).value).toBe('合计')

    const weekly = (await handlers['reports.export'](
      { kind: 'weekly', format: 'xlsx', date: '2026-11-18', receiptLimitHours: 2 },
      null as never,
    )) as ReportExport
    const wb2 = new ExcelJS.Workbook()
    await wb2.xlsx.load(Buffer.from(weekly.base64, 'base64') as unknown as ArrayBuffer)
    expect(wb2.worksheets[0].getRow(4).getCell(1).value).toBe('EV-B')
  })

  it('exports a PDF with an embedded Chinese font, or says clearly that no font is there', async () => {
    const font = findReportFont()
    if (font) {
      const file = (await handlers['reports.export'](
        { kind: 'weekly', format: 'pdf', date: '2026-11-18', receiptLimitHours: 2 },
        null as never,
      )) as ReportExport
      const pdf = Buffer.from(file.base64, 'base64')
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(pdf.toString('latin1')).toMatch(/\/FontFile[23]?/)
      expect(file.mime).toBe('application/pdf')
    }
    const month = (await handlers['reports.monthlyUnits'](
      { month: '2026-11', receiptLimitHours: 2 },
      null as never,
    )) as MonthlyUnitReport
    expect(() => toPdf(monthlyTable(month), null)).toThrow(ContractFailure)
    expect(findReportFont({ ZS_REPORT_FONT: '/nonexistent/font.ttf' })).toBeNull()
  })
})
