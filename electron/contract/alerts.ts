/**
 * Shapes of the contract's video-alert, zero-report and registry methods (declared in api.ts).
 * Isomorphic, like the rest of the contract.
 */
import { z } from 'zod'
import {
  calendarDate,
  isoTimestamp,
  SNAPSHOT_MIMES,
  VIDEO_ALERT_STATUSES,
  VIDEO_ALERT_TYPES,
  zsRegistrySchema,
} from './payloads'

const blankToUndefined = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), s.optional())

// ---------- video alerts ----------

/** Where the engine serves a stored snapshot's bytes (token required, like every /api route). */
export const videoSnapshotPath = (sha256: string) => `/api/video-snapshots/${sha256}`

/**
 * A snapshot as the hall holds it: `stored` — checked bytes kept by the engine, fetched from `url`
 * (an engine path, with the token); `remote` — a URL the platform sent, not fetched by the engine.
 */
export const snapshotRefSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('stored'),
    mime: z.enum(SNAPSHOT_MIMES),
    sha256: z.string(),
    size: z.int(),
    width: z.int(),
    height: z.int(),
    url: z.string(),
  }),
  z.object({ kind: z.literal('remote'), url: z.string() }),
])
export type SnapshotRef = z.infer<typeof snapshotRefSchema>

/** The key of an alert in the hall: real and drill alerts with the same id never collide. */
export const videoAlertKey = (id: string, drillRunId: string | null) =>
  drillRunId ? `drill\u0001${drillRunId}\u0001${id}` : id

export const videoAlertSummarySchema = z.object({
  key: z.string(),
  id: z.string(),
  version: z.int(),
  versionCount: z.int(),
  /** The type shown: unknown types as `other`. */
  type: z.enum(VIDEO_ALERT_TYPES),
  /** The type as sent by the analytics. */
  rawType: z.string(),
  status: z.enum(VIDEO_ALERT_STATUSES),
  cameraId: z.string().nullable(),
  cameraName: z.string().nullable(),
  communityId: z.string(),
  communityName: z.string().nullable(),
  propertyCompanyId: z.string().nullable(),
  propertyCompanyName: z.string().nullable(),
  townshipCode: z.string().nullable(),
  confidence: z.number().nullable(),
  boxCount: z.int(),
  detectedAt: z.string(),
  receivedAt: isoTimestamp,
  /** The newest snapshot received for the alert (a version without one keeps the earlier). */
  snapshot: snapshotRefSchema.nullable(),
  rectifiedAt: z.string().nullable(),
  rectificationSnapshot: snapshotRefSchema.nullable(),
  drill: z.boolean(),
  drillRunId: z.string().nullable(),
})
export type VideoAlertSummary = z.infer<typeof videoAlertSummarySchema>

export const videoAlertVersionSchema = z.object({
  version: z.int(),
  receivedAt: isoTimestamp,
  topic: z.string(),
  /** The payload as received, each snapshot's base64 replaced by {sha256, size, width, height}. */
  payload: z.record(z.string(), z.unknown()),
  snapshot: snapshotRefSchema.nullable(),
  rectificationSnapshot: snapshotRefSchema.nullable(),
})
export type VideoAlertVersion = z.infer<typeof videoAlertVersionSchema>

export const videoAlertListParamsSchema = z.object({
  type: blankToUndefined(z.enum(VIDEO_ALERT_TYPES)),
  status: blankToUndefined(z.enum(VIDEO_ALERT_STATUSES)),
  communityId: blankToUndefined(z.string().max(64)),
  /** Alias of communityId for the HTTP API (`?community=C-JBY`). */
  community: blankToUndefined(z.string().max(64)),
  townshipCode: blankToUndefined(z.string().max(32)),
  /** Alias of townshipCode for the HTTP API (`?township=140724400`). */
  township: blankToUndefined(z.string().max(32)),
  /** Drill alerts: included (default), excluded, or only them. */
  drill: blankToUndefined(z.enum(['include', 'exclude', 'only'])),
  drillRunId: blankToUndefined(z.string().max(128)),
  /** Opaque keyset cursor from a previous page's nextCursor. */
  cursor: blankToUndefined(z.string().max(200)),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
export type VideoAlertListParams = z.input<typeof videoAlertListParamsSchema>

export const videoAlertDetailSchema = z.object({
  summary: videoAlertSummarySchema,
  current: z.record(z.string(), z.unknown()),
  versions: z.array(videoAlertVersionSchema),
})
export type VideoAlertDetail = z.infer<typeof videoAlertDetailSchema>

// ---------- video triage: grouped alerts and property-company statistics ----------

/**
 * The triage view's tabs and the alert statuses each shows: 待研判 new, 待转发 confirmed,
 * 整改中 forwarded, 待核验 rectified, 已办结 verified or dismissed, 全部.
 */
export const VIDEO_TRIAGE_VIEWS = {
  pending: ['new'],
  confirmed: ['confirmed'],
  forwarded: ['forwarded'],
  rectified: ['rectified'],
  done: ['verified', 'dismissed'],
  all: [...VIDEO_ALERT_STATUSES],
} as const satisfies Record<string, readonly (typeof VIDEO_ALERT_STATUSES)[number][]>
export type VideoTriageView = keyof typeof VIDEO_TRIAGE_VIEWS
export const VIDEO_TRIAGE_VIEW_NAMES = Object.keys(VIDEO_TRIAGE_VIEWS) as VideoTriageView[]

export const DEFAULT_VIDEO_GROUP_WINDOW_MINUTES = 30

export const videoTriageParamsSchema = z.object({
  view: blankToUndefined(z.enum(VIDEO_TRIAGE_VIEW_NAMES as [VideoTriageView, ...VideoTriageView[]])).default('pending'),
  /**
   * Alerts of the same camera and type whose detections follow each other by at most this many
   * minutes form one group (gap-based, so a car parked all afternoon stays one item).
   */
  windowMinutes: z.coerce.number().int().min(0).max(1440).default(DEFAULT_VIDEO_GROUP_WINDOW_MINUTES),
  /** Only alerts detected in the last this many hours (default 7 days). */
  sinceHours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 366)
    .default(24 * 7),
  communityId: blankToUndefined(z.string().max(64)),
  propertyCompanyId: blankToUndefined(z.string().max(64)),
  type: blankToUndefined(z.enum(VIDEO_ALERT_TYPES)),
  /** Drill alerts are left out unless asked for. */
  drill: blankToUndefined(z.enum(['include', 'exclude', 'only'])).default('exclude'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
})
export type VideoTriageParams = z.input<typeof videoTriageParamsSchema>

export const videoAlertGroupSchema = z.object({
  /** Stable for the group while it grows: camera, raw type and the first member's key. */
  groupKey: z.string(),
  /** The newest alert of the group, shown for it. */
  latest: videoAlertSummarySchema,
  count: z.int(),
  firstDetectedAt: z.string(),
  lastDetectedAt: z.string(),
  /** Keys of the group's alerts, newest first (at most 100). */
  memberKeys: z.array(z.string()),
})
export type VideoAlertGroup = z.infer<typeof videoAlertGroupSchema>

export const videoTriageSchema = z.object({
  view: z.enum(VIDEO_TRIAGE_VIEW_NAMES as [VideoTriageView, ...VideoTriageView[]]),
  windowMinutes: z.int(),
  generatedAt: isoTimestamp,
  /** Newest group first (by its latest detection). */
  groups: z.array(videoAlertGroupSchema),
  /** Alerts in the listed groups. */
  alerts: z.int(),
  /** More groups exist than `limit`. */
  truncated: z.boolean(),
  /** Alerts per tab (same filters and period), for the tab badges. */
  viewCounts: z.record(z.string(), z.int()),
})
export type VideoTriage = z.infer<typeof videoTriageSchema>

export const videoCompanyStatsParamsSchema = z.object({
  /** First and last day (YYYY-MM-DD, Asia/Shanghai) of the alerts' detection; default the last 30 days. */
  from: blankToUndefined(calendarDate),
  to: blankToUndefined(calendarDate),
})

export const videoCompanyStatsRowSchema = z.object({
  propertyCompanyId: z.string().nullable(),
  propertyCompanyName: z.string().nullable(),
  /** Alerts forwarded to the company (now forwarded, rectified or verified). */
  forwarded: z.int(),
  rectified: z.int(),
  /** Rectified by the forward's deadline. */
  rectifiedInTime: z.int(),
  rectifiedLate: z.int(),
  /** Not rectified and the deadline has passed. */
  overdue: z.int(),
  /** Not rectified, deadline ahead (or unknown). */
  open: z.int(),
  /** rectifiedInTime / forwarded items whose deadline has been decided (rectified, or overdue); null if none. */
  inTimeRate: z.number().nullable(),
  /** Mean minutes from forward to rectification report; null when nothing was rectified. */
  averageRectificationMinutes: z.number().nullable(),
})
export type VideoCompanyStatsRow = z.infer<typeof videoCompanyStatsRowSchema>

export const videoCompanyStatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  generatedAt: isoTimestamp,
  items: z.array(videoCompanyStatsRowSchema),
  totals: videoCompanyStatsRowSchema.omit({ propertyCompanyId: true, propertyCompanyName: true }),
})
export type VideoCompanyStats = z.infer<typeof videoCompanyStatsSchema>

// ---------- zero reports ----------

/** A deadline of the day in Asia/Shanghai, 'HH:MM' (00:00–23:59). */
export const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/
export const DEFAULT_ZERO_REPORT_DEADLINE = '10:00'

export const zeroReportSchema = z.object({
  key: z.string(),
  id: z.string(),
  date: z.string(),
  unitCode: z.string(),
  unitName: z.string().nullable(),
  level: z.string().nullable(),
  nothingToReport: z.boolean(),
  note: z.string().nullable(),
  reportedAt: z.string(),
  receivedAt: isoTimestamp,
  /** Reports received for this unit and day (a later one replaces the earlier). */
  reportCount: z.int(),
  drill: z.boolean(),
  drillRunId: z.string().nullable(),
})
export type ZeroReport = z.infer<typeof zeroReportSchema>

export const ZERO_REPORT_STATES = ['on_time', 'late', 'missing'] as const

export const zeroReportBoardSchema = z.object({
  date: z.string(),
  /** The day's deadline 'HH:MM' (Asia/Shanghai) and as a timestamp. */
  deadline: z.string(),
  deadlineAt: isoTimestamp,
  deadlinePassed: z.boolean(),
  generatedAt: isoTimestamp,
  counts: z.object({ townships: z.int(), onTime: z.int(), late: z.int(), missing: z.int() }),
  /** Every township of the registry, in registry order, with its report or none. */
  townships: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      state: z.enum(ZERO_REPORT_STATES),
      report: zeroReportSchema.nullable(),
    }),
  ),
  /** Reports from units that are not townships of the registry (shown, not counted). */
  otherUnits: z.array(zeroReportSchema),
})
export type ZeroReportBoard = z.infer<typeof zeroReportBoardSchema>

export const zeroReportListParamsSchema = z.object({
  /** The day, YYYY-MM-DD; default today in Asia/Shanghai. */
  date: blankToUndefined(calendarDate),
  /** A drill run's reports instead of the real ones. */
  drillRunId: blankToUndefined(z.string().max(128)),
})

// ---------- registry ----------

export const registryDocumentSchema = z.object({
  version: z.int().nullable(),
  receivedAt: isoTimestamp.nullable(),
  /** The whole current zs.registry/1 as received (unknown fields kept), or null before the first. */
  registry: zsRegistrySchema.nullable(),
})
export type RegistryDocument = z.infer<typeof registryDocumentSchema>
