/**
 * The contract: every method (`domain.verb`) and live event (`domain.onDidX`) the UI uses,
 * declared once with runtime schemas and a scope. Types are inferred from the schemas.
 * The engine's dispatcher validates params against these; the UI's client is typed by them;
 * the OpenAPI document is generated from them.
 */
import { z } from 'zod'
import { commandTargetSchema, operatorSchema, OUTBOX_STATES } from './commands'
import { DOMAINS, EVENT_SOURCES, EVENT_STATUSES, isoTimestamp } from './payloads'
import {
  registryDocumentSchema,
  videoAlertDetailSchema,
  videoAlertListParamsSchema,
  videoAlertSummarySchema,
  zeroReportBoardSchema,
  zeroReportListParamsSchema,
  zeroReportSchema,
  videoCompanyStatsParamsSchema,
  videoCompanyStatsSchema,
  videoTriageParamsSchema,
  videoTriageSchema,
} from './alerts'
import { statsMethods } from './stats'
import { drillLiveEvents, drillMethods } from './drill'
import { wallLiveEvents, wallMethods } from './wall'
import { alarmLiveEvents, alarmMethods } from './alarms'
import { reportExportSchema, reportMethods } from './reports'
import {
  DUPLICATE_REASONS,
  LINK_KINDS,
  queueCountsSchema,
  queueFiltersSchema,
  queueParamsSchema,
  slaSettingsDocSchema,
} from './workbench'
import { slaSettingsSchema } from './sla'

import {
  dutyEntryInputSchema,
  dutyEntrySchema,
  dutyLogMethods,
  handoverSchema,
  handoverSignParamsSchema,
  openItemsSchema,
  dutyLogListParamsSchema,
  integrityReportSchema,
  rosterMemberSchema,
  shiftDefSchema,
  shiftScheduleSchema,
  shiftSchema,
} from './dutylog'
import {
  authStatusSchema,
  displayNameSchema,
  loginResultSchema,
  operatorAccountSchema,
  passwordSchema,
  ROLES,
  SCOPES,
  usernameSchema,
  type Scope,
} from './auth'

export interface MethodDef<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  scope: Scope
  summary: string
  params: P
  result: R
  /** Optional REST mapping (GET only) for curl, scripts and the OpenAPI document. */
  http?: { path: string; pathParams?: string[] }
}

const defineMethod = <P extends z.ZodType, R extends z.ZodType>(def: MethodDef<P, R>) => def

// ---------- shared shapes ----------

export const brokerStateSchema = z.enum(['connecting', 'connected', 'reconnecting', 'offline', 'stopped'])
export type BrokerState = z.infer<typeof brokerStateSchema>

export const ingestCountersSchema = z.object({
  received: z.int(),
  stored: z.int(),
  duplicates: z.int(),
  stale: z.int(),
  quarantined: z.int(),
  /** Contract topics not for this hall (own commands echoed, other halls' traffic). */
  ignored: z.int(),
})
export type IngestCounters = z.infer<typeof ingestCountersSchema>

export const healthSchema = z.object({
  engine: z.object({
    state: z.enum(['starting', 'running', 'stopping']),
    startedAt: isoTimestamp,
    uptimeSeconds: z.number(),
    /** The engine process's memory: resident set, and the JS heap in use (MiB). */
    memory: z.object({ rssMb: z.number(), heapUsedMb: z.number() }),
  }),
  broker: z.object({
    state: brokerStateSchema,
    url: z.string(),
    embedded: z.boolean(),
    protocolVersion: z.union([z.literal(4), z.literal(5)]),
    clientId: z.string(),
    connectedAt: isoTimestamp.nullable(),
    lastError: z.string().nullable(),
    reconnects: z.int(),
    /** When the broker last answered a reconnect without our session: a gap may exist. */
    sessionLostAt: isoTimestamp.nullable(),
    /** Delay before the next reconnect attempt (exponential backoff with jitter), if waiting. */
    nextReconnectInMs: z.int().nullable(),
  }),
  outbox: z.object({ pending: z.int(), sent: z.int(), failed: z.int() }),
  ingest: ingestCountersSchema,
  demoMode: z.boolean(),
  storedEvents: z.int(),
})
export type Health = z.infer<typeof healthSchema>

export const eventSummarySchema = z.object({
  /** Identity in the hall: the id for real events; drill events are keyed by run and id. */
  key: z.string(),
  id: z.string(),
  version: z.int(),
  versionCount: z.int(),
  source: z.enum(EVENT_SOURCES),
  channel: z.string().nullable(),
  domain: z.enum(DOMAINS),
  category: z.string(),
  severity: z.int(),
  title: z.string(),
  status: z.enum(EVENT_STATUSES),
  townshipCode: z.string(),
  township: z.string().nullable(),
  village: z.string().nullable(),
  address: z.string().nullable(),
  assigneeName: z.string().nullable(),
  deadline: z.string().nullable(),
  reportedAt: z.string(),
  updatedAt: z.string(),
  receivedAt: isoTimestamp,
  drill: z.boolean(),
  /** The drill run ({root}/drill/{runId}/…) the event belongs to; null for real events. */
  drillRunId: z.string().nullable(),
})
export type EventSummary = z.infer<typeof eventSummarySchema>

/** The key of an event in the hall: real and drill events with the same id never collide. */
export const eventKey = (id: string, drillRunId: string | null) =>
  drillRunId ? `drill\u0001${drillRunId}\u0001${id}` : id

export const eventVersionSchema = z.object({
  version: z.int(),
  receivedAt: isoTimestamp,
  topic: z.string(),
  /** The payload as received (the platform's JSON, unknown fields included). */
  payload: z.record(z.string(), z.unknown()),
})
export type EventVersion = z.infer<typeof eventVersionSchema>

export const quarantineItemSchema = z.object({
  seq: z.int(),
  topic: z.string(),
  reason: z.string(),
  receivedAt: isoTimestamp,
  size: z.int(),
  truncated: z.boolean(),
  /** The raw bytes decoded as UTF-8 (invalid sequences replaced) — display as text only. */
  rawText: z.string(),
  rawBase64: z.string(),
})
export type QuarantineItem = z.infer<typeof quarantineItemSchema>

const limitParam = z.coerce.number().int().min(1).max(500).default(100)
const optionalFilter = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), s.optional())

export const eventListParamsSchema = z.object({
  source: optionalFilter(z.enum(EVENT_SOURCES)),
  status: optionalFilter(z.enum(EVENT_STATUSES)),
  townshipCode: optionalFilter(z.string().max(32)),
  /** Alias of townshipCode for the HTTP API (`?township=140724102`). */
  township: optionalFilter(z.string().max(32)),
  severity: optionalFilter(z.coerce.number().int().min(1).max(4)),
  text: optionalFilter(z.string().max(200)),
  /** Drill events: included (default), excluded, or only them. */
  drill: optionalFilter(z.enum(['include', 'exclude', 'only'])),
  drillRunId: optionalFilter(z.string().max(128)),
  /** Opaque keyset cursor from a previous page's nextCursor. */
  cursor: optionalFilter(z.string().max(200)),
  limit: limitParam,
})
export type EventListParams = z.input<typeof eventListParamsSchema>

export const statsOverviewSchema = z.object({
  generatedAt: isoTimestamp,
  total: z.int(),
  today: z.int(),
  pendingAcceptance: z.int(),
  inProgress: z.int(),
  overdue: z.int(),
  finishedToday: z.int(),
  bySource: z.record(z.string(), z.int()),
  byDomain: z.record(z.string(), z.int()),
  bySeverity: z.record(z.string(), z.int()),
  /** The last 24 whole hours up to the current one, oldest first (Asia/Shanghai hour start). */
  perHour: z.array(z.object({ hourStart: isoTimestamp, count: z.int() })),
})
export type StatsOverview = z.infer<typeof statsOverviewSchema>

export const townshipRefSchema = z.object({ code: z.string(), name: z.string() })

export const registrySummarySchema = z.object({
  version: z.int().nullable(),
  county: z.object({ code: z.string(), name: z.string() }).nullable(),
  townships: z.array(townshipRefSchema),
  counts: z.object({
    villages: z.int(),
    grids: z.int(),
    dedicatedGrids: z.int(),
    microGrids: z.int(),
    units: z.int(),
    gridWorkers: z.int(),
  }),
})
export type RegistrySummary = z.infer<typeof registrySummarySchema>

export const appInfoSchema = z.object({
  appVersion: z.string(),
  hallId: z.string(),
  topicRoot: z.string(),
  demoMode: z.boolean(),
  timeZone: z.string(),
  scopes: z.array(z.enum(SCOPES)),
})
export type AppInfo = z.infer<typeof appInfoSchema>

export const outboxItemSchema = z.object({
  seq: z.int(),
  commandId: z.string(),
  state: z.enum(OUTBOX_STATES),
  target: commandTargetSchema.extend({ drillRunId: z.string().nullable() }),
  action: z.string(),
  params: z.record(z.string(), z.unknown()),
  operator: operatorSchema,
  issuedAt: isoTimestamp,
  attempts: z.int(),
  sentAt: isoTimestamp.nullable(),
  settledAt: isoTimestamp.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  resultVersion: z.int().nullable(),
})
export type OutboxItem = z.infer<typeof outboxItemSchema>

// ---------- methods ----------

export const methods = {
  ...statsMethods,
  ...drillMethods,
  ...wallMethods,
  ...alarmMethods,
  ...reportMethods,
  ...dutyLogMethods,
  'app.getInfo': defineMethod({
    scope: 'read',
    summary: 'Who this engine is: hall id, version, demo mode, the caller’s scopes',
    params: z.object({}).optional(),
    result: appInfoSchema,
  }),
  'health.get': defineMethod({
    scope: 'read',
    summary: 'Engine and broker state with ingest counters',
    params: z.object({}).optional(),
    result: healthSchema,
    http: { path: '/api/health' },
  }),
  'events.list': defineMethod({
    scope: 'read',
    summary: 'Current state of events, newest reported first, filtered, keyset-paged',
    params: eventListParamsSchema,
    result: z.object({ items: z.array(eventSummarySchema), nextCursor: z.string().nullable() }),
    http: { path: '/api/events' },
  }),
  'events.get': defineMethod({
    scope: 'read',
    summary: 'One event: its current state and every version received (its trace)',
    params: z.object({ id: z.string().min(1).max(64), drillRunId: optionalFilter(z.string().max(128)) }),
    result: z.object({
      summary: eventSummarySchema,
      current: z.record(z.string(), z.unknown()),
      versions: z.array(eventVersionSchema),
    }),
    http: { path: '/api/events/{id}', pathParams: ['id'] },
  }),
  'quarantine.list': defineMethod({
    scope: 'admin',
    summary: 'Quarantined MQTT messages, newest first, with topic, reason, time and raw bytes (truncated at 64 KiB)',
    params: z.object({ cursor: optionalFilter(z.coerce.number().int().min(0)), limit: limitParam }),
    result: z.object({ items: z.array(quarantineItemSchema), nextCursor: z.int().nullable(), total: z.int() }),
    http: { path: '/api/quarantine' },
  }),
  'stats.overview': defineMethod({
    scope: 'read',
    summary: 'KPIs and breakdowns for the wall and the status bar (drill events excluded)',
    params: z.object({}).optional(),
    result: statsOverviewSchema,
    http: { path: '/api/stats/overview' },
  }),
  'registry.getSummary': defineMethod({
    scope: 'read',
    summary: 'The reference data currently held: county, townships, counts',
    params: z.object({}).optional(),
    result: registrySummarySchema,
    http: { path: '/api/registry/summary' },
  }),
  'registry.get': defineMethod({
    scope: 'read',
    summary: 'The whole current registry (zs.registry/1 as received), for filters and pickers',
    params: z.object({}).optional(),
    result: registryDocumentSchema,
    http: { path: '/api/registry' },
  }),
  'videoAlerts.list': defineMethod({
    scope: 'read',
    summary: 'Current state of community video alerts, newest detected first, filtered, keyset-paged',
    params: videoAlertListParamsSchema,
    result: z.object({ items: z.array(videoAlertSummarySchema), nextCursor: z.string().nullable() }),
    http: { path: '/api/video-alerts' },
  }),
  'videoAlerts.get': defineMethod({
    scope: 'read',
    summary: 'One video alert: its current state and every version received, each with its snapshot URL',
    params: z.object({ id: z.string().min(1).max(64), drillRunId: optionalFilter(z.string().max(128)) }),
    result: videoAlertDetailSchema,
    http: { path: '/api/video-alerts/{id}', pathParams: ['id'] },
  }),
  'videoAlerts.triage': defineMethod({
    scope: 'read',
    summary:
      'The video triage list of one tab: alerts of the same camera and type within a window (gap-based, default 30 min) grouped as one item with a count, newest first',
    params: videoTriageParamsSchema,
    result: videoTriageSchema,
    http: { path: '/api/video-triage' },
  }),
  'videoAlerts.companyStats': defineMethod({
    scope: 'read',
    summary:
      'Per property company: alerts forwarded, rectified in time or late, overdue, and the average rectification time (alerts detected in the period, default the last 30 days)',
    params: videoCompanyStatsParamsSchema,
    result: videoCompanyStatsSchema,
    http: { path: '/api/video-company-stats' },
  }),
  'zeroReports.list': defineMethod({
    scope: 'read',
    summary:
      'Zero reports (零报告) of a day (default today, Asia/Shanghai): every township with its report or missing, and whether the deadline has passed',
    params: zeroReportListParamsSchema,
    result: zeroReportBoardSchema,
    http: { path: '/api/zero-reports' },
  }),
  'commands.issue': defineMethod({
    scope: 'operate',
    summary:
      'Ask the platform to act on an event or video alert: checked, written to the durable outbox, published at QoS 1; settled by the platform’s ack. The operator is the caller’s session',
    params: z.object({
      target: commandTargetSchema.extend({ drillRunId: optionalFilter(z.string().max(128)) }),
      action: z.string().min(1).max(64),
      params: z.record(z.string(), z.unknown()).optional(),
    }),
    result: outboxItemSchema,
  }),
  'outbox.list': defineMethod({
    scope: 'read',
    summary:
      'Commands in the outbox, newest first: pending (not yet accepted by the broker), sent, acknowledged, failed',
    params: z.object({
      state: optionalFilter(z.enum(OUTBOX_STATES)),
      targetId: optionalFilter(z.string().max(64)),
      cursor: optionalFilter(z.coerce.number().int().min(0)),
      limit: limitParam,
    }),
    result: z.object({ items: z.array(outboxItemSchema), nextCursor: z.int().nullable() }),
    http: { path: '/api/outbox' },
  }),
  'events.queue': defineMethod({
    scope: 'read',
    summary:
      'The duty officer’s queue: one tab of open work (unaccepted, due soon, overdue, supervised) in its order, filtered, paged by offset',
    params: queueParamsSchema,
    result: z.object({ items: z.array(eventSummarySchema), nextOffset: z.int().nullable() }),
    http: { path: '/api/queue' },
  }),
  'events.queueCounts': defineMethod({
    scope: 'read',
    summary: 'How many events each queue tab holds under the filters, and how many new ones wait too long unaccepted',
    params: queueFiltersSchema,
    result: queueCountsSchema,
    http: { path: '/api/queue/counts' },
  }),
  'events.duplicates': defineMethod({
    scope: 'read',
    summary:
      'Likely duplicates of an event (the same category nearby, or the same reporter phone, within the configured window) and the events linked to it',
    params: z.object({ id: z.string().min(1).max(64), drillRunId: optionalFilter(z.string().max(128)) }),
    result: z.object({
      suggestions: z.array(
        z.object({
          event: eventSummarySchema,
          reasons: z.array(z.enum(DUPLICATE_REASONS)),
          distanceMeters: z.int().nullable(),
        }),
      ),
      linked: z.array(z.object({ event: eventSummarySchema, kind: z.enum(LINK_KINDS) })),
    }),
    http: { path: '/api/events/{id}/duplicates', pathParams: ['id'] },
  }),
  'events.link': defineMethod({
    scope: 'operate',
    summary:
      'Link two events in this hall (关联; kind duplicate when one repeats the other) — shown together in both details',
    params: z.object({
      id: z.string().min(1).max(64),
      otherId: z.string().min(1).max(64),
      kind: z.enum(LINK_KINDS),
      drillRunId: optionalFilter(z.string().max(128)),
    }),
    result: z.object({ ok: z.literal(true) }),
  }),
  'sla.getSettings': defineMethod({
    scope: 'read',
    summary: 'The time-limit table (办理时限 by category and severity), reminder thresholds and the due-soon window',
    params: z.object({}).optional(),
    result: slaSettingsDocSchema,
    http: { path: '/api/sla/settings' },
  }),
  'sla.setSettings': defineMethod({
    scope: 'admin',
    summary: 'Replace the time-limit table, reminder thresholds and due-soon window (administrators)',
    params: z.object({ settings: slaSettingsSchema }),
    result: slaSettingsDocSchema,
  }),
  'auth.status': defineMethod({
    scope: 'session',
    summary: 'Whether the first administrator must be created, and the caller’s operator, scopes and lock state',
    params: z.object({}),
    result: authStatusSchema,
  }),
  'auth.setup': defineMethod({
    scope: 'session',
    summary: 'First run only (no operator exists): create the administrator with the password the person sets',
    params: z.object({ username: usernameSchema, displayName: displayNameSchema, password: passwordSchema }),
    result: loginResultSchema,
  }),
  'auth.login': defineMethod({
    scope: 'session',
    summary:
      'Log an operator in: returns a session token for the WebSocket hello or Authorization: Bearer (repeated failures are refused for a while)',
    params: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) }),
    result: loginResultSchema,
  }),
  'auth.logout': defineMethod({
    scope: 'session',
    summary: 'End the caller’s session',
    params: z.object({}),
    result: z.object({ ok: z.literal(true) }),
  }),
  'auth.lock': defineMethod({
    scope: 'session',
    summary: 'Lock the caller’s session (the workstation was left idle): only auth methods work until unlocked',
    params: z.object({}),
    result: authStatusSchema,
  }),
  'auth.unlock': defineMethod({
    scope: 'session',
    summary: 'Unlock the caller’s session with the operator’s password',
    params: z.object({ password: z.string().min(1).max(256) }),
    result: authStatusSchema,
  }),
  'auth.changePassword': defineMethod({
    scope: 'session',
    summary: 'Change the caller’s own password (the current one is required)',
    params: z.object({ currentPassword: z.string().min(1).max(256), newPassword: passwordSchema }),
    result: z.object({ ok: z.literal(true) }),
  }),
  'dutyLog.list': defineMethod({
    scope: 'read',
    summary:
      'Duty log entries (值班日志), newest first, each with its corrections; search by text, type, author, shift, time',
    params: dutyLogListParamsSchema,
    result: z.object({ items: z.array(dutyEntrySchema), nextCursor: z.int().nullable() }),
    http: { path: '/api/duty-log' },
  }),
  'dutyLog.add': defineMethod({
    scope: 'operate',
    summary: 'Write a duty log entry as the signed-in operator (on disk before the reply)',
    params: dutyEntryInputSchema,
    result: dutyEntrySchema,
  }),
  'dutyLog.correct': defineMethod({
    scope: 'operate',
    summary:
      'Strike an entry through with a reason (its author, a shift lead or an administrator); the entry itself never changes',
    params: z.object({ entryId: z.string().min(1).max(64), reason: z.string().trim().min(1).max(1000) }),
    result: dutyEntrySchema,
  }),
  'dutyLog.integrity': defineMethod({
    scope: 'admin',
    summary: 'The duty log integrity check (SQLite check and the hash chain): the result at start, or run again',
    params: z.object({ run: z.coerce.boolean().optional() }),
    result: integrityReportSchema,
    http: { path: '/api/duty-log/integrity' },
  }),
  'handover.prepare': defineMethod({
    scope: 'lead',
    summary:
      'Start the handover of the current shift: the open items the engine collects now (events, overdue, supervised, video alerts, outbox, zero reports, instructions, drill)',
    params: z.object({}),
    result: z.object({ shift: shiftSchema, openItems: openItemsSchema }),
  }),
  'handover.sign': defineMethod({
    scope: 'lead',
    summary:
      'Both leads sign (each re-enters the password): the handover is stored frozen, hashed and chained to the previous one',
    params: handoverSignParamsSchema,
    result: handoverSchema,
  }),
  'handover.list': defineMethod({
    scope: 'read',
    summary: 'Signed handovers, newest first, each verified against its hash and chain (tampering shows)',
    params: z.object({}),
    result: z.object({ items: z.array(handoverSchema) }),
    http: { path: '/api/handovers' },
  }),
  'handover.export': defineMethod({
    scope: 'read',
    summary: 'A signed handover as a PDF (A4, both signatures and times, its hash and verification), base64',
    params: z.object({ id: z.string().min(1).max(64) }),
    result: reportExportSchema,
  }),
  'dutyLog.export': defineMethod({
    scope: 'read',
    summary: 'The duty log of a shift or a time range as xlsx (base64)',
    params: z.object({
      shift: z.string().max(64).optional(),
      from: z.string().max(40).optional(),
      to: z.string().max(40).optional(),
    }),
    result: reportExportSchema,
  }),
  'shifts.current': defineMethod({
    scope: 'read',
    summary: 'The current shift, the schedule, and who is on duty',
    params: z.object({}),
    result: z.object({ shift: shiftSchema, schedule: z.array(shiftDefSchema), roster: z.array(rosterMemberSchema) }),
    http: { path: '/api/shifts/current' },
  }),
  'shifts.setSchedule': defineMethod({
    scope: 'admin',
    summary: 'Set the shift schedule (start times, Asia/Shanghai; each shift runs until the next starts)',
    params: z.object({ shifts: shiftScheduleSchema }),
    result: z.object({ schedule: z.array(shiftDefSchema) }),
  }),
  'shifts.setRoster': defineMethod({
    scope: 'lead',
    summary: 'Set who is on duty in a shift (default the current one): the lead and the officers',
    params: z.object({
      shift: z.string().max(64).optional(),
      members: z.array(z.object({ username: z.string().min(1).max(64), duty: z.enum(['lead', 'officer']) })).max(50),
    }),
    result: z.object({ shift: z.string(), roster: z.array(rosterMemberSchema) }),
  }),
  'operators.list': defineMethod({
    scope: 'admin',
    summary: 'Operator accounts',
    params: z.object({}),
    result: z.object({ items: z.array(operatorAccountSchema) }),
  }),
  'operators.create': defineMethod({
    scope: 'admin',
    summary: 'Create an operator account with a role and an initial password',
    params: z.object({
      username: usernameSchema,
      displayName: displayNameSchema,
      role: z.enum(ROLES),
      password: passwordSchema,
    }),
    result: operatorAccountSchema,
  }),
  'operators.update': defineMethod({
    scope: 'admin',
    summary: 'Change an operator’s display name, role or disabled state (a disabled operator’s sessions end)',
    params: z.object({
      id: z.string().min(1).max(64),
      displayName: displayNameSchema.optional(),
      role: z.enum(ROLES).optional(),
      disabled: z.boolean().optional(),
    }),
    result: operatorAccountSchema,
  }),
  'operators.setPassword': defineMethod({
    scope: 'admin',
    summary: 'Set a new password for an operator (their sessions end)',
    params: z.object({ id: z.string().min(1).max(64), password: passwordSchema }),
    result: z.object({ ok: z.literal(true) }),
  }),
} as const

export type Methods = typeof methods
export type MethodName = keyof Methods
export type MethodParams<M extends MethodName> = z.input<Methods[M]['params']>
export type MethodResult<M extends MethodName> = z.output<Methods[M]['result']>

// ---------- live events (pushed in batches, at most ~10 per second) ----------

export const liveEvents = {
  ...wallLiveEvents,
  ...drillLiveEvents,
  ...alarmLiveEvents,
  'events.onDidChange': {
    scope: 'read' as Scope,
    summary: 'Events whose current state changed since the last batch (latest state per id)',
    data: z.object({ items: z.array(eventSummarySchema) }),
  },
  'health.onDidChange': {
    scope: 'read' as Scope,
    summary: 'Engine/broker state and counters, when they changed',
    data: healthSchema,
  },
  'quarantine.onDidAdd': {
    scope: 'admin' as Scope,
    summary: 'New messages were quarantined',
    data: z.object({ count: z.int(), latest: quarantineItemSchema.omit({ rawBase64: true }) }),
  },
  'outbox.onDidChange': {
    scope: 'read' as Scope,
    summary: 'Outbox items whose state changed (issued, sent, acknowledged, failed)',
    data: z.object({ items: z.array(outboxItemSchema) }),
  },
  'registry.onDidChange': {
    scope: 'read' as Scope,
    summary: 'A newer registry replaced the reference data',
    data: registrySummarySchema,
  },
  'videoAlerts.onDidChange': {
    scope: 'read' as Scope,
    summary: 'Video alerts whose current state changed since the last batch (latest state per alert)',
    data: z.object({ items: z.array(videoAlertSummarySchema) }),
  },
  'zeroReports.onDidChange': {
    scope: 'read' as Scope,
    summary: 'Zero reports received since the last batch (the current report per unit and day)',
    data: z.object({ items: z.array(zeroReportSchema) }),
  },
} as const

export type LiveEvents = typeof liveEvents
export type LiveEventName = keyof LiveEvents
export type LiveEventData<E extends LiveEventName> = z.output<LiveEvents[E]['data']>
