/** The duty log (值班日志) and the shifts it is kept in. */
import { z } from 'zod'
import { HH_MM } from './alerts'
import type { MethodDef } from './api'

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

// ---------- attachments ----------

/** Decoded size limit of one attachment: its base64 must fit one WebSocket message (1 MiB). */
export const ATTACHMENT_MAX_BYTES = 700 * 1024
export const ATTACHMENTS_PER_ENTRY = 5
/** What an attachment is served as: checked from its bytes, never taken from the uploader. */
export const ATTACHMENT_MIMES = ['image/jpeg', 'image/png', 'application/pdf', 'application/octet-stream'] as const
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex sha256')

export const dutyAttachmentSchema = z.object({
  sha256: z.string(),
  name: z.string(),
  mime: z.enum(ATTACHMENT_MIMES),
  bytes: z.int(),
  /** GET path of the bytes (token required): /api/duty-log/attachments/{sha256}. */
  url: z.string(),
})
export type DutyAttachment = z.infer<typeof dutyAttachmentSchema>

export const attachmentUploadParamsSchema = z.object({
  name: z.string().trim().min(1).max(200),
  /** The file, base64 (at most ATTACHMENT_MAX_BYTES decoded). */
  base64: z
    .string()
    .max(Math.ceil(ATTACHMENT_MAX_BYTES / 3) * 4 + 4, 'attachment too large')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
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
  /** Files attached when it was written; their hashes are part of the record's hash. */
  attachments: z.array(dutyAttachmentSchema),
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
    /** Uploaded first with dutyLog.upload; referenced here by hash. */
    attachments: z
      .array(z.object({ sha256: sha256Hex, name: z.string().trim().min(1).max(200) }))
      .max(ATTACHMENTS_PER_ENTRY)
      .optional(),
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

// ---------- carried-over items (交接遗留事项) ----------

export const CARRIED_KINDS = [
  'overdue',
  'supervised',
  'video_alert',
  'command',
  'zero_report',
  'instruction',
  'drill',
] as const
export type CarriedKind = (typeof CARRIED_KINDS)[number]

export const carriedDoneSchema = z.object({
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  note: z.string(),
  /** True when the engine saw the underlying state resolve (event closed, alert confirmed, …). */
  auto: z.boolean(),
})

/** One open item of the last signed handover, carried over to the next shift until dealt with. */
export const carriedItemSchema = z.object({
  /** `{kind}:{ref}`, unique within its handover. */
  key: z.string(),
  kind: z.enum(CARRIED_KINDS),
  /** Event id, alert id, command id, township name, duty-log entry id or drill. */
  ref: z.string(),
  label: z.string(),
  detail: z.string().nullable(),
  done: carriedDoneSchema.nullable(),
})
export type CarriedItem = z.infer<typeof carriedItemSchema>

export const carriedOverSchema = z.object({
  /** The last signed handover (null before the first one). */
  handover: z
    .object({ id: z.string(), shift: z.string(), signedAt: z.string(), outgoing: z.string(), incoming: z.string() })
    .nullable(),
  items: z.array(carriedItemSchema),
  pending: z.int(),
})
export type CarriedOver = z.infer<typeof carriedOverSchema>

export const markCarriedDoneParamsSchema = z.object({
  handoverId: z.string().min(1).max(64),
  key: z.string().min(1).max(200),
  note: z.string().trim().min(1, 'note: required').max(1000),
})

// ---------- the signed handover published for the platform's archive (our extension) ----------

/**
 * `zs.handover/1` on `{root}/halls/{hallId}/handovers`, QoS 1, not retained. The platform's
 * contract reserves the topic but defines no payload; this one is ours (docs/mqtt-contract.md).
 */
export const zsHandoverSchema = z.object({
  schema: z.literal('zs.handover/1'),
  hallId: z.string(),
  id: z.string(),
  seq: z.int(),
  shift: z.string(),
  summary: z.string(),
  openItems: openItemsSchema,
  outgoing: handoverSignerSchema,
  incoming: handoverSignerSchema,
  /** SHA-256 over the content, chained to the previous handover's (prevHash). */
  hash: z.string(),
  prevHash: z.string(),
  drill: z.literal(false),
})
export type ZsHandover = z.infer<typeof zsHandoverSchema>

// ---------- backup ----------

export const backupFileSchema = z.object({ file: z.string(), bytes: z.int() })
export const backupResultSchema = z.object({
  /** The backup's folder name, e.g. 'zs-backup-20261128T070000123Z'. */
  name: z.string(),
  at: z.string(),
  ok: z.boolean(),
  files: z.array(backupFileSchema),
  durationMs: z.int(),
  /** Manual (an administrator) or the schedule. */
  trigger: z.enum(['manual', 'schedule']),
  error: z.string().nullable(),
})
export type BackupResult = z.infer<typeof backupResultSchema>

export const backupStatusSchema = z.object({
  dir: z.string(),
  /** 0 = no schedule (on demand only). */
  intervalMinutes: z.number(),
  keep: z.int(),
  running: z.boolean(),
  nextAt: z.string().nullable(),
  /** The last attempt since the engine started (may have failed). */
  last: backupResultSchema.nullable(),
  /** The complete backups on disk, newest first. */
  items: z.array(backupResultSchema),
})
export type BackupStatus = z.infer<typeof backupStatusSchema>

export const rosterCandidateSchema = z.object({ username: z.string(), displayName: z.string(), role: z.string() })

export const dutyLogMethods = {
  'handover.carriedOver': {
    scope: 'read',
    summary:
      'The open items of the last signed handover, carried over to the next shift: each until its state resolves or an operator marks it done',
    params: z.object({}),
    result: carriedOverSchema,
    http: { path: '/api/handovers/carried-over' },
  },
  'handover.markDone': {
    scope: 'operate',
    summary: 'Mark a carried-over item dealt with, with a note (kept append-only and written to the duty log)',
    params: markCarriedDoneParamsSchema,
    result: carriedItemSchema,
  },
  'shifts.candidates': {
    scope: 'lead',
    summary: 'Active operators who can be put on the roster (for the shift lead’s roster editor)',
    params: z.object({}),
    result: z.object({ items: z.array(rosterCandidateSchema) }),
  },
  'dutyLog.upload': {
    scope: 'operate',
    summary:
      'Store a file to attach to a duty log entry (base64, at most 700 KiB); returns its sha256 and the content type checked from its bytes',
    params: attachmentUploadParamsSchema,
    result: dutyAttachmentSchema,
  },
  'backup.status': {
    scope: 'admin',
    summary: 'Online backups of the hall database and the duty log: schedule, last result, backups on disk',
    params: z.object({}),
    result: backupStatusSchema,
    http: { path: '/api/backup' },
  },
  'backup.run': {
    scope: 'admin',
    summary: 'Back up the hall database and the duty log now (SQLite online backup; ingest goes on)',
    params: z.object({}),
    result: backupResultSchema,
  },
} as const satisfies Record<string, MethodDef>
