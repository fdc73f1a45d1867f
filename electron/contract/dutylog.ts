/** The duty log (值班日志) and the shifts it is kept in. */
import { z } from 'zod'
import { HH_MM } from './alerts'

export const DUTY_ENTRY_TYPES = ['call', 'instruction', 'event_note', 'inspection', 'drill', 'other', 'system'] as const
export type DutyEntryType = (typeof DUTY_ENTRY_TYPES)[number]
/** Types an operator may write (the engine writes 'system' entries itself). */
export const WRITABLE_ENTRY_TYPES = ['call', 'instruction', 'event_note', 'inspection', 'drill', 'other'] as const

export const shiftDefSchema = z.object({
  name: z.string().trim().min(1).max(16),
  /** Start time 'HH:MM' (Asia/Shanghai); a shift runs until the next one starts. */
  start: z.string().regex(HH_MM, 'start: HH:MM'),
})
export type ShiftDef = z.infer<typeof shiftDefSchema>

export const shiftScheduleSchema = z
  .array(shiftDefSchema)
  .min(1)
  .max(6)
  .refine((s) => new Set(s.map((d) => d.start)).size === s.length, 'two shifts start at the same time')
  .refine((s) => new Set(s.map((d) => d.name)).size === s.length, 'two shifts have the same name')

export const DEFAULT_SHIFTS: ShiftDef[] = [
  { name: '白班', start: '08:00' },
  { name: '夜班', start: '20:00' },
]

export const shiftSchema = z.object({
  /** e.g. '2026-11-28 夜班' — the date the shift starts on and its name. */
  key: z.string(),
  name: z.string(),
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
})
export type Shift = z.infer<typeof shiftSchema>

export const rosterMemberSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  duty: z.enum(['lead', 'officer']),
})

export const dutyCorrectionSchema = z.object({
  id: z.string(),
  at: z.string(),
  reason: z.string(),
  author: z.string(),
  authorName: z.string(),
})

export const dutyEntrySchema = z.object({
  id: z.string(),
  seq: z.int(),
  at: z.string(),
  shift: z.string(),
  type: z.enum(DUTY_ENTRY_TYPES),
  text: z.string(),
  author: z.string(),
  authorName: z.string(),
  auto: z.boolean(),
  eventId: z.string().nullable(),
  instructedBy: z.string().nullable(),
  dueAt: z.string().nullable(),
  /** Corrections strike the entry through; the entry itself never changes. */
  corrections: z.array(dutyCorrectionSchema),
})
export type DutyEntry = z.infer<typeof dutyEntrySchema>

export const dutyLogListParamsSchema = z.object({
  text: z.string().trim().max(100).optional(),
  type: z.enum(DUTY_ENTRY_TYPES).optional(),
  author: z.string().max(64).optional(),
  shift: z.string().max(64).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  cursor: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

export const dutyEntryInputSchema = z
  .object({
    type: z.enum(WRITABLE_ENTRY_TYPES),
    text: z.string().trim().min(1, 'text: required').max(4000),
    eventId: z.string().trim().max(64).optional(),
    instructedBy: z.string().trim().max(100).optional(),
    dueAt: z.string().max(40).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'instruction' && !v.instructedBy)
      ctx.addIssue({ code: 'custom', path: ['instructedBy'], message: 'who instructed is required' })
    if (v.type === 'event_note' && !v.eventId)
      ctx.addIssue({ code: 'custom', path: ['eventId'], message: 'the event is required' })
    if (v.dueAt !== undefined && Number.isNaN(Date.parse(v.dueAt)))
      ctx.addIssue({ code: 'custom', path: ['dueAt'], message: 'not a date and time' })
  })
export type DutyEntryInput = z.infer<typeof dutyEntryInputSchema>

export const integrityReportSchema = z.object({
  checkedAt: z.string(),
  ok: z.boolean(),
  records: z.int(),
  /** What is wrong, e.g. a record whose hash does not match (changed after it was written). */
  problems: z.array(z.string()),
})
export type IntegrityReport = z.infer<typeof integrityReportSchema>

// ---------- handover (交接班) ----------

export const openItemsSchema = z.object({
  /** Real events not closed, counted by status. */
  openByStatus: z.record(z.string(), z.int()),
  overdue: z.object({
    count: z.int(),
    items: z.array(
      z.object({ id: z.string(), title: z.string(), deadline: z.string().nullable(), township: z.string().nullable() }),
    ),
  }),
  supervised: z.object({
    count: z.int(),
    items: z.array(z.object({ id: z.string(), title: z.string(), level: z.int(), deadline: z.string().nullable() })),
  }),
  /** Video alerts nobody confirmed or dismissed yet. */
  unconfirmedVideoAlerts: z.object({
    count: z.int(),
    items: z.array(
      z.object({ id: z.string(), type: z.string(), community: z.string().nullable(), detectedAt: z.string() }),
    ),
  }),
  /** Commands not yet accepted by the broker (pending) or refused by the platform (failed). */
  outbox: z.object({
    pending: z.int(),
    failed: z.int(),
    items: z.array(z.object({ commandId: z.string(), action: z.string(), target: z.string(), state: z.string() })),
  }),
  /** Townships whose zero report for today is missing. */
  missingZeroReports: z.array(z.string()),
  /** Leader instructions whose deadline has not passed (or has none), from the last 7 days, not struck through. */
  openInstructions: z.array(
    z.object({ id: z.string(), text: z.string(), instructedBy: z.string().nullable(), dueAt: z.string().nullable() }),
  ),
  /** A drill still running (drills arrive with the drill issue). */
  runningDrill: z.string().nullable(),
})
export type OpenItems = z.infer<typeof openItemsSchema>

export const handoverSignerSchema = z.object({ username: z.string(), displayName: z.string(), signedAt: z.string() })

export const handoverSchema = z.object({
  id: z.string(),
  seq: z.int(),
  shift: z.string(),
  summary: z.string(),
  openItems: openItemsSchema,
  outgoing: handoverSignerSchema,
  incoming: handoverSignerSchema,
  hash: z.string(),
  prevHash: z.string(),
  /** False when the stored handover no longer matches its hash or its chain: tampering. */
  verified: z.boolean(),
  problem: z.string().nullable(),
})
export type Handover = z.infer<typeof handoverSchema>

export const handoverSignParamsSchema = z.object({
  summary: z.string().trim().min(1, 'summary: required').max(10000),
  /** The outgoing lead (the caller) re-enters their password. */
  outgoingPassword: z.string().min(1).max(256),
  incomingUsername: z.string().trim().min(1).max(64),
  incomingPassword: z.string().min(1).max(256),
})
