/**
 * SLA settings of the hall (办理时限 and reminders) and the pure rules that use them: which time
 * limit a dispatch proposes for an event, whether an event is due soon or overdue, and when an
 * unaccepted event should remind the duty officer. Isomorphic: the engine stores and checks the
 * settings, the workbench proposes deadlines and draws the clocks with the same functions.
 */
import { z } from 'zod'
import type { EventStatus } from './payloads'

const HOUR_MS = 3_600_000
const MINUTE_MS = 60_000

/** One row of the time-limit table. The first row matching the event (in order) gives its limit. */
export const timeLimitRuleSchema = z.object({
  /** A category code, or null for any category. */
  category: z.string().trim().min(1).max(64).nullable(),
  /** A severity 1–4, or null for any severity. */
  severity: z.int().min(1).max(4).nullable(),
  /** The time limit in hours (办理时限), from 0.25 h to 90 days. */
  hours: z.number().min(0.25, '时限至少 0.25 小时').max(2160, '时限最长 90 天'),
  /** What the row is for, as the administrator wrote it (e.g. 特别重大紧急事件). */
  label: z.string().trim().max(100).default(''),
})
export type TimeLimitRule = z.infer<typeof timeLimitRuleSchema>

export const slaSettingsSchema = z.object({
  /** First match wins; the last row should match everything (category and severity null). */
  timeLimits: z
    .array(timeLimitRuleSchema)
    .min(1)
    .max(500)
    .refine((rows) => rows.some((r) => r.category === null && r.severity === null), {
      message: '时限表需要一条适用于全部事件的兜底规则（类别与等级均为“全部”）',
    }),
  /** Remind the duty officer when a new event stays unaccepted this many minutes, per severity. */
  reminderMinutes: z.object({
    '1': z.number().min(1).max(1440),
    '2': z.number().min(1).max(1440),
    '3': z.number().min(1).max(1440),
    '4': z.number().min(1).max(1440),
  }),
  /** An open event is 即将超期 when its deadline is at most this many hours away. */
  dueSoonHours: z.number().min(0.25).max(168),
  /**
   * Duplicate suggestions: the same category within this distance, or the same reporter phone,
   * reported within this window (either side) of the event.
   */
  duplicates: z
    .object({
      distanceMeters: z.number().min(10, '距离至少 10 米').max(50_000, '距离最多 50 公里'),
      windowHours: z.number().min(1, '时间窗至少 1 小时').max(720, '时间窗最多 30 天'),
    })
    .default({ distanceMeters: 500, windowHours: 24 }),
})
export type SlaSettings = z.infer<typeof slaSettingsSchema>

/** Categories of the utilities (water, power, gas, heating, sewage): 24 h. */
export const UTILITY_CATEGORIES = ['water_outage', 'water_pipe', 'power_outage', 'gas_safety', 'heating', 'sewage']
/** Complex matters (land, petitions, wage arrears …): 15 days. */
export const COMPLEX_CATEGORIES = [
  'land_dispute',
  'land_compensation',
  'petition',
  'wage_arrears',
  'illegal_construction',
]

export const DEFAULT_SLA_SETTINGS: SlaSettings = {
  timeLimits: [
    { category: null, severity: 4, hours: 2, label: '特别重大紧急事件' },
    ...UTILITY_CATEGORIES.map((category) => ({ category, severity: null, hours: 24, label: '水电气暖等民生保障' })),
    { category: null, severity: 3, hours: 24, label: '重大事件' },
    ...COMPLEX_CATEGORIES.map((category) => ({ category, severity: null, hours: 360, label: '复杂疑难事项' })),
    { category: null, severity: null, hours: 168, label: '一般事件' },
  ],
  reminderMinutes: { '4': 2, '3': 5, '2': 10, '1': 15 },
  dueSoonHours: 2,
  duplicates: { distanceMeters: 500, windowHours: 24 },
}

/** The rule that gives an event its time limit: the first that matches category and severity. */
export function timeLimitFor(
  rules: readonly TimeLimitRule[],
  category: string,
  severity: number,
): TimeLimitRule | null {
  return (
    rules.find(
      (r) => (r.category === null || r.category === category) && (r.severity === null || r.severity === severity),
    ) ?? null
  )
}

/** The deadline a dispatch proposes: now + the event's time limit (ms since the epoch). */
export function proposeDeadlineMs(
  rules: readonly TimeLimitRule[],
  category: string,
  severity: number,
  fromMs: number,
): number | null {
  const rule = timeLimitFor(rules, category, severity)
  return rule ? fromMs + Math.round(rule.hours * HOUR_MS) : null
}

/** Statuses whose deadline still runs (the unit or the hall still owes work). */
const CLOCK_RUNNING: readonly EventStatus[] = ['accepted', 'dispatched', 'returned', 'in_progress']

export type SlaState = 'none' | 'on_time' | 'due_soon' | 'overdue'

/** Where an event stands against its deadline at `nowMs`. */
export function slaState(
  event: { status: EventStatus; deadline: string | null },
  nowMs: number,
  dueSoonHours: number,
): SlaState {
  if (!event.deadline || !CLOCK_RUNNING.includes(event.status)) return 'none'
  const due = Date.parse(event.deadline)
  if (!Number.isFinite(due)) return 'none'
  if (due <= nowMs) return 'overdue'
  return due - nowMs <= dueSoonHours * HOUR_MS ? 'due_soon' : 'on_time'
}

/**
 * Whether a new event has waited unaccepted past its severity's reminder threshold. Waiting counts
 * from `reportedAt` — the citizen has waited since then — as the engine's count does
 * (events.queueCounts), so the row and the reminder agree.
 */
export function needsAcceptReminder(
  event: { status: EventStatus; severity: number; reportedAt: string },
  nowMs: number,
  reminderMinutes: SlaSettings['reminderMinutes'],
): boolean {
  if (event.status !== 'reported') return false
  const key = String(Math.min(4, Math.max(1, event.severity))) as keyof SlaSettings['reminderMinutes']
  return nowMs - (Date.parse(event.reportedAt) || 0) >= reminderMinutes[key] * MINUTE_MS
}

/**
 * A countdown text: "3d4h" (units given, e.g. 天/时), "2:05:09", "-0:12:30" (overdue). Pure, for the
 * one shared timer of the list.
 */
export function formatCountdown(
  msLeft: number,
  units: { day: string; hour: string } = { day: 'd', hour: 'h' },
): string {
  const sign = msLeft < 0 ? '-' : ''
  let s = Math.floor(Math.abs(msLeft) / 1000)
  const days = Math.floor(s / 86_400)
  s -= days * 86_400
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  if (days > 0) return `${sign}${days}${units.day}${h}${units.hour}`
  return `${sign}${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`
}
