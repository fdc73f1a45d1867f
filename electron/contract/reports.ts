/**
 * Supervision reports (一周一督办、一月一通报): the weekly supervision list and the monthly report
 * per unit, and their export as xlsx or PDF. Scope read. Drill events never count.
 */
import { z } from 'zod'
import type { MethodDef } from './api'
import { calendarDate, isoTimestamp } from './payloads'

/** A month, YYYY-MM. */
export const calendarMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM')

/** Hours a unit has to sign for (签收) a dispatched event to count as accepted in time; default 2. */
export const DEFAULT_RECEIPT_LIMIT_HOURS = 2

export const supervisionItemSchema = z.object({
  eventId: z.string(),
  title: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  township: z.string().nullable(),
  status: z.string(),
  dispatchedAt: z.string().nullable(),
  deadline: z.string().nullable(),
  /** Hours past the deadline at the week's end (or when resolved late); null when not overdue. */
  overdueHours: z.number().nullable(),
  /** 督办 level 1–3 when the event was supervised; null otherwise. */
  supervisionLevel: z.int().nullable(),
  /** Why it is on the list. */
  reason: z.enum(['overdue', 'supervised', 'overdue_supervised']),
})
export type SupervisionItem = z.infer<typeof supervisionItemSchema>

export const weeklySupervisionSchema = z.object({
  /** Monday and Sunday of the week (Asia/Shanghai). */
  from: z.string(),
  to: z.string(),
  generatedAt: isoTimestamp,
  items: z.array(supervisionItemSchema),
  /** Items per unit, most first. */
  byUnit: z.array(z.object({ unitId: z.string().nullable(), unitName: z.string().nullable(), count: z.int() })),
})
export type WeeklySupervision = z.infer<typeof weeklySupervisionSchema>

export const unitMonthRowSchema = z.object({
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  /** Events dispatched to the unit in the month (受理/接收). */
  received: z.int(),
  /** Signed for (签收) or returned within the receipt limit after the dispatch. */
  acceptedInTime: z.int(),
  /** Resolved by the deadline. */
  resolvedInTime: z.int(),
  /** Resolved after the deadline, or not resolved and the deadline passed (by the month's end). */
  overdue: z.int(),
  /** Return visits with a satisfaction. */
  visited: z.int(),
  /** 满意 or 基本满意. */
  satisfied: z.int(),
  /** satisfied ÷ visited in per cent, one decimal; null without visits. */
  satisfactionRate: z.number().nullable(),
})
export type UnitMonthRow = z.infer<typeof unitMonthRowSchema>

export const monthlyUnitReportSchema = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  receiptLimitHours: z.number(),
  generatedAt: isoTimestamp,
  rows: z.array(unitMonthRowSchema),
  totals: unitMonthRowSchema.omit({ unitId: true, unitName: true }),
})
export type MonthlyUnitReport = z.infer<typeof monthlyUnitReportSchema>

const weekParams = z.object({
  /** Any day of the week (default today, Asia/Shanghai). */
  date: z.preprocess((v) => (v === '' || v === null ? undefined : v), calendarDate.optional()),
})
const monthParams = z.object({
  /** Default the current month (Asia/Shanghai). */
  month: z.preprocess((v) => (v === '' || v === null ? undefined : v), calendarMonth.optional()),
  receiptLimitHours: z.coerce.number().min(0.25).max(72).default(DEFAULT_RECEIPT_LIMIT_HOURS),
})

export const reportExportSchema = z.object({
  filename: z.string(),
  mime: z.string(),
  /** The file, base64 (reports are small: tens of KiB). */
  base64: z.string(),
})
export type ReportExport = z.infer<typeof reportExportSchema>

export const reportMethods = {
  'reports.weeklySupervision': {
    scope: 'read',
    summary:
      '一周一督办: the week’s supervision list — events overdue or supervised, with their unit, deadline and how late',
    params: weekParams,
    result: weeklySupervisionSchema,
    http: { path: '/api/reports/weekly-supervision' },
  },
  'reports.monthlyUnits': {
    scope: 'read',
    summary:
      '一月一通报: per unit, events received in the month, accepted in time, resolved in time, overdue, and the satisfaction rate',
    params: monthParams,
    result: monthlyUnitReportSchema,
    http: { path: '/api/reports/monthly-units' },
  },
  'reports.export': {
    scope: 'read',
    summary: 'The weekly supervision list or the monthly unit report as an xlsx or PDF file (base64)',
    params: z.object({
      kind: z.enum(['weekly', 'monthly']),
      format: z.enum(['xlsx', 'pdf']),
      date: weekParams.shape.date,
      month: monthParams.shape.month,
      receiptLimitHours: monthParams.shape.receiptLimitHours,
    }),
    result: reportExportSchema,
  },
} as const satisfies Record<string, MethodDef>
