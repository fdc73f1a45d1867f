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
} from './alerts'

export const SCOPES = ['read', 'operate', 'admin'] as const
export type Scope = (typeof SCOPES)[number]

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
      'Ask the platform to act on an event or video alert: checked, written to the durable outbox, published at QoS 1; settled by the platform’s ack',
    params: z.object({
      target: commandTargetSchema.extend({ drillRunId: optionalFilter(z.string().max(128)) }),
      action: z.string().min(1).max(64),
      params: z.record(z.string(), z.unknown()).optional(),
      operator: operatorSchema,
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
} as const

export type Methods = typeof methods
export type MethodName = keyof Methods
export type MethodParams<M extends MethodName> = z.input<Methods[M]['params']>
export type MethodResult<M extends MethodName> = z.output<Methods[M]['result']>

// ---------- live events (pushed in batches, at most ~10 per second) ----------

export const liveEvents = {
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

export const SCOPE_RANK: Record<Scope, number> = { read: 0, operate: 1, admin: 2 }
export const scopeAllows = (granted: readonly Scope[], needed: Scope) =>
  granted.some((s) => SCOPE_RANK[s] >= SCOPE_RANK[needed])
