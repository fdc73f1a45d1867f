/**
 * MQTT payload schemas of the platform contract v1 (../shared/design/mqtt-contract.md).
 * Isomorphic: used by the engine to validate and by the UI to type what it shows.
 * Unknown fields are kept (looseObject) and ignored, as the contract requires.
 */
import { z } from 'zod'

export const EVENT_SOURCES = ['grid_patrol', 'enforcement', 'citizen', 'referral', 'opinion', 'video'] as const
export const DOMAINS = ['governance', 'enforcement', 'service'] as const
export const EVENT_STATUSES = [
  'reported',
  'accepted',
  'rejected',
  'dispatched',
  'returned',
  'in_progress',
  'resolved',
  'visited',
  'closed',
] as const
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const
export const SEVERITIES = [1, 2, 3, 4] as const

export type EventSource = (typeof EVENT_SOURCES)[number]
export type Domain = (typeof DOMAINS)[number]
export type EventStatus = (typeof EVENT_STATUSES)[number]
export type Satisfaction = (typeof SATISFACTIONS)[number]
export type Severity = (typeof SEVERITIES)[number]

/** Size limits from the contract, in bytes of the MQTT payload. */
export const EVENT_MAX_BYTES = 256 * 1024
export const REGISTRY_MAX_BYTES = 64 * 1024 * 1024
/** Quarantined payloads are kept truncated at this size. */
export const QUARANTINE_RAW_MAX_BYTES = 64 * 1024

/** ISO 8601 with an offset (Z or ±hh:mm). */
export const isoTimestamp = z.iso.datetime({ offset: true })
const optionalText = (max: number) => z.string().max(max).nullish()

export const eventLocationSchema = z.looseObject({
  townshipCode: z.string().min(1).max(32),
  township: optionalText(100),
  villageCode: optionalText(32),
  village: optionalText(100),
  gridId: optionalText(64),
  microGridId: optionalText(64),
  address: optionalText(500),
  lat: z.number().min(-90).max(90).nullish(),
  lng: z.number().min(-180).max(180).nullish(),
})

export const eventActionSchema = z.looseObject({
  action: z.string().min(1).max(64),
  by: optionalText(200),
  at: isoTimestamp.nullish(),
  note: optionalText(4000),
})

export const zsEventSchema = z.looseObject({
  schema: z.literal('zs.event/1'),
  id: z.string().min(1).max(64),
  version: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  source: z.enum(EVENT_SOURCES),
  channel: optionalText(64),
  domain: z.enum(DOMAINS),
  category: z.string().min(1).max(64),
  severity: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  title: z.string().min(1).max(200),
  description: optionalText(20000),
  status: z.enum(EVENT_STATUSES),
  location: eventLocationSchema,
  reporter: z.looseObject({ name: optionalText(100), phone: optionalText(32), role: optionalText(64) }).nullish(),
  assignee: z.looseObject({ unitId: optionalText(64), unitName: optionalText(200) }).nullish(),
  deadline: isoTimestamp.nullish(),
  occurredAt: isoTimestamp.nullish(),
  reportedAt: isoTimestamp,
  updatedAt: isoTimestamp,
  lastAction: eventActionSchema.nullish(),
  supervision: z
    .looseObject({
      level: z.int().min(1).max(3).nullish(),
      note: optionalText(4000),
      by: optionalText(200),
      at: isoTimestamp.nullish(),
    })
    .nullish(),
  satisfaction: z.enum(SATISFACTIONS).nullish(),
  resolvedOnSite: z.boolean().nullish(),
  attachments: z
    .array(z.looseObject({ kind: optionalText(32), url: z.string().max(2000), name: optionalText(200) }))
    .max(100)
    .nullish(),
  relatedIds: z.array(z.string().min(1).max(64)).max(100).nullish(),
  drill: z.boolean().nullish(),
})
export type ZsEvent = z.infer<typeof zsEventSchema>

const registryTownship = z.looseObject({
  code: z.string().min(1).max(32),
  name: z.string().min(1).max(100),
  lat: z.number().nullish(),
  lng: z.number().nullish(),
})
export const zsRegistrySchema = z.looseObject({
  schema: z.literal('zs.registry/1'),
  version: z.int().min(1),
  county: z.looseObject({ code: z.string().min(1), name: z.string().min(1) }),
  townships: z.array(registryTownship),
  villages: z.array(z.looseObject({ code: z.string(), name: z.string(), townshipCode: z.string() })),
  grids: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string(),
      villageCode: z.string().nullish(),
      townshipCode: z.string().nullish(),
      kind: z.enum(['grid', 'dedicated']),
      workers: z.array(z.looseObject({ id: z.string(), name: z.string(), phone: z.string().nullish() })).nullish(),
    }),
  ),
  microGrids: z.array(z.looseObject({ id: z.string(), gridId: z.string(), households: z.int().min(0).nullish() })),
  units: z.array(z.looseObject({ id: z.string(), name: z.string(), kind: z.string().nullish() })),
  communities: z
    .array(
      z.looseObject({
        id: z.string(),
        name: z.string(),
        townshipCode: z.string().nullish(),
        propertyCompanyId: z.string().nullish(),
      }),
    )
    .nullish(),
  propertyCompanies: z.array(z.looseObject({ id: z.string(), name: z.string() })).nullish(),
})
export type ZsRegistry = z.infer<typeof zsRegistrySchema>

// ---------- zs.video_alert/1 ----------

/** Alert types the hall knows; any other type is accepted, kept as sent and shown as `other`. */
export const VIDEO_ALERT_TYPES = [
  'illegal_parking',
  'garbage_overflow',
  'fire_lane_blocked',
  'ebike_indoor',
  'other',
] as const
export const VIDEO_ALERT_STATUSES = ['new', 'confirmed', 'dismissed', 'forwarded', 'rectified', 'verified'] as const
/** The only snapshot formats shown, and only after the bytes are checked to be that format. */
export const SNAPSHOT_MIMES = ['image/jpeg', 'image/png'] as const
export type VideoAlertType = (typeof VIDEO_ALERT_TYPES)[number]
export type VideoAlertStatus = (typeof VIDEO_ALERT_STATUSES)[number]
export type SnapshotMime = (typeof SNAPSHOT_MIMES)[number]

/** The contract's limits: 4 MiB per alert message, 2 MiB per decoded snapshot, URLs ≤ 2000 chars. */
export const VIDEO_ALERT_MAX_BYTES = 4 * 1024 * 1024
export const SNAPSHOT_MAX_BYTES = 2 * 1024 * 1024
export const SNAPSHOT_URL_MAX_CHARS = 2000
/** 2 MiB decoded is at most 2,796,204 base64 characters. */
export const SNAPSHOT_BASE64_MAX_CHARS = Math.ceil(SNAPSHOT_MAX_BYTES / 3) * 4

/** The type the hall shows: a known type as is, anything else as `other`. */
export const videoAlertTypeOf = (raw: string): VideoAlertType =>
  (VIDEO_ALERT_TYPES as readonly string[]).includes(raw) ? (raw as VideoAlertType) : 'other'

/**
 * `{mime, base64}` or `{url}`. The schema checks the shape only; the bytes (strict base64, size,
 * magic number matching the mime) and the URL scheme are checked by the engine (domain/snapshot.ts).
 */
export const videoSnapshotSchema = z.union([
  z.looseObject({
    mime: z.string().min(1).max(100),
    // The exact decoded size is checked with the bytes.
    base64: z.string().min(1).max(SNAPSHOT_BASE64_MAX_CHARS),
  }),
  z.looseObject({ url: z.string().min(1).max(SNAPSHOT_URL_MAX_CHARS) }),
])
export type VideoSnapshot = z.infer<typeof videoSnapshotSchema>

const fraction = z.number().min(0).max(1)
/** A box in fractions of the image size; it must lie inside the image (a rounding slack of 1e-6). */
export const videoBoxSchema = z
  .looseObject({ x: fraction, y: fraction, w: fraction, h: fraction, label: optionalText(64) })
  .refine((b) => b.x + b.w <= 1 + 1e-6 && b.y + b.h <= 1 + 1e-6, 'the box extends beyond the image')

export const zsVideoAlertSchema = z.looseObject({
  schema: z.literal('zs.video_alert/1'),
  id: z.string().min(1).max(64),
  version: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** Kept as sent; shown through videoAlertTypeOf (unknown types as `other`). */
  type: z.string().min(1).max(64),
  status: z.enum(VIDEO_ALERT_STATUSES),
  cameraId: optionalText(64),
  cameraName: optionalText(200),
  communityId: z.string().min(1).max(64),
  communityName: optionalText(200),
  propertyCompany: z.looseObject({ id: optionalText(64), name: optionalText(200) }).nullish(),
  townshipCode: optionalText(32),
  confidence: fraction.nullish(),
  detectedAt: isoTimestamp,
  snapshot: videoSnapshotSchema.nullish(),
  boxes: z.array(videoBoxSchema).max(100).nullish(),
  rectification: z
    .looseObject({ at: isoTimestamp.nullish(), note: optionalText(4000), snapshot: videoSnapshotSchema.nullish() })
    .nullish(),
  drill: z.boolean().nullish(),
})
export type ZsVideoAlert = z.infer<typeof zsVideoAlertSchema>

// ---------- zs.zero_report/1 ----------

/** The contract gives no limit for zero reports; a report is a few hundred bytes. */
export const ZERO_REPORT_MAX_BYTES = 64 * 1024

/** A calendar date YYYY-MM-DD that exists (2026-02-30 does not). */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`)
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
  }, 'not a calendar date')

export const zsZeroReportSchema = z.looseObject({
  schema: z.literal('zs.zero_report/1'),
  id: z.string().min(1).max(64),
  date: calendarDate,
  unitCode: z.string().min(1).max(32),
  unitName: optionalText(100),
  level: optionalText(32),
  nothingToReport: z.boolean(),
  note: optionalText(4000),
  reportedAt: isoTimestamp,
  drill: z.boolean().nullish(),
})
export type ZsZeroReport = z.infer<typeof zsZeroReportSchema>

/** Statuses in which the event is finished and no deadline applies any more. */
export const FINISHED_STATUSES: readonly EventStatus[] = ['rejected', 'resolved', 'visited', 'closed']
/** Statuses in which the hall's units are working on the event. */
export const IN_PROGRESS_STATUSES: readonly EventStatus[] = ['accepted', 'dispatched', 'returned', 'in_progress']
