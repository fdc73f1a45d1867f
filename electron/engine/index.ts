/**
 * The hall engine's composition root. Plain Node: never imports electron.
 * createEngine(options) opens the store, connects to the broker, ingests, and serves the contract.
 */
import { hostname } from 'node:os'
import type { EventSummary, Health, MethodResult } from '../contract'
import {
  ContractFailure,
  HALL_TOKEN_SCOPES,
  WALL_TOKEN_SCOPES,
  zeroReportListParamsSchema,
  type ZeroReportBoard,
} from '../contract'
import { toHallIso, HALL_TIME_ZONE } from './domain/time'
import { connectMqtt, redactUrl, type ConnectionStatus, type MqttLink } from './mqtt/connection'
import { createIngest, type IngestResult } from './mqtt/ingest'
import { createDispatcher, type Handlers } from './rpc/dispatcher'
import { createLiveHub } from './rpc/live'
import { startServer, type RunningServer } from './server/http'
import { createTokenChecker } from './server/tokens'
import { createAuthService, type AuthOptions, type Credential } from './auth/auth-service'
import { createAuthHandlers } from './auth/handlers'
import { openDutyLog } from './dutylog/dutylog-store'
import { createDutyLogHandlers, createHandoverHandlers } from './dutylog/handlers'
import { collectOpenItems } from './dutylog/handover'
import { createDutyServices, type DutyServiceOptions } from './dutylog/services'
import { createCountersRepo } from './store/counters-repo'
import { maskReporterPhone } from './domain/privacy'
import { startCheckpointer } from './store/checkpointer'
import { openDatabase } from './store/database'
import { createEventsRepo } from './store/events-repo'
import { createQuarantineRepo } from './store/quarantine-repo'
import { createRegistryRepo } from './store/registry-repo'
import { createOutboxRepo } from './store/outbox-repo'
import { createCommandService } from './domain/commands'
import { createStatsRepo } from './store/stats-repo'
import { createWorkbenchHandlers } from './domain/workbench-handlers'
import { createWallStatsRepo } from './store/wall-stats-repo'
import { createStatsHandlers } from './rpc/stats-handlers'
import { createWallHandlers } from './rpc/wall-handlers'
import { createWallConfigRepo } from './store/wall-config-repo'
import { DEFAULT_ZERO_REPORT_DEADLINE } from '../contract'
import { parseDeadline } from './domain/zero-report-board'
import { createAlertHandlers } from './rpc/alerts-handlers'
import { createVideoTriageHandlers } from './rpc/video-triage-handlers'
import { createReportHandlers } from './rpc/report-handlers'
import { createVideoAlertsRepo } from './store/video-alerts-repo'
import { createZeroReportsRepo } from './store/zero-reports-repo'
import { createFrigateRepo } from './store/frigate-repo'
import { frigateTopics, type FrigateConfig } from './domain/frigate-config'
import { openDrillStore } from './drill/drill-store'
import { createDrillService, type DrillService } from './drill/drill-service'
import { createDrillHandlers } from './drill/handlers'
import { drillCounty } from './drill/county'
import { createAlarmService } from './alarms/alarm-service'

export interface EngineOptions {
  broker: {
    url: string
    username?: string
    password?: string
    caFile?: string
    certFile?: string
    keyFile?: string
    rejectUnauthorized?: boolean
    protocolVersion?: 4 | 5
    /** Set when the engine's host started an embedded broker. */
    embedded?: boolean
  }
  topicRoot?: string
  hallId?: string
  dataDir: string
  /** HTTP/WebSocket server; omit to run without one (tests of the ingest path). */
  server?: { host?: string; port?: number; token: string; readOnlyTokens?: string[]; rendererDir?: string }
  demoMode?: boolean
  appVersion?: string
  /** Live batch interval; 100 ms → at most 10 frames a second. */
  liveIntervalMs?: number
  log?: (msg: string) => void
  /** SQLite busy timeout (tests shorten it to provoke store failures). */
  busyTimeoutMs?: number
  /** Daily zero-report deadline 'HH:MM', Asia/Shanghai; default 10:00. */
  zeroReportDeadline?: string
  /** The optional Frigate NVR adapter (docs/frigate.md); absent, it is off. */
  frigate?: FrigateConfig
  /** Carried-over items, handover publishing, backups, overdue lines (dutylog/services.ts). */
  dutyLog?: DutyServiceOptions
  /** Operator accounts and sessions (auth/auth-service.ts). */
  auth?: AuthOptions & {
    /** Create this administrator when no operator exists (automated setups, tests). */
    bootstrapAdmin?: { username: string; password: string }
  }
}

export const DEFAULT_TOPIC_ROOT = 'zs'

/** The duty log line for a major event. */
function majorEventText(e: { title: string; severity: number; township: string | null; source: string }) {
  return `${e.severity} 级事件上报：${e.title}${e.township ? `（${e.township}）` : ''}`
}

/** The operator a command carries: the caller's signed-in operator (no session, no command). */
function commandOperator(ctx: Credential): { id: string; name: string } {
  if (!ctx.operator) throw new ContractFailure('forbidden', 'commands need a signed-in operator')
  return { id: ctx.operator.username, name: ctx.operator.displayName }
}

/** A hall id derived from the machine when none is configured. */
export function defaultHallId() {
  return `hall-${
    hostname()
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .slice(0, 40) || 'local'
  }`
}

export async function createEngine(options: EngineOptions) {
  const log = options.log ?? ((m: string) => console.error(`[engine] ${m}`))
  const topicRoot = options.topicRoot ?? DEFAULT_TOPIC_ROOT
  const hallId = options.hallId ?? defaultHallId()
  const appVersion = options.appVersion ?? '0.0.0'
  const protocolVersion = options.broker.protocolVersion ?? 5
  const startedAtMs = Date.now()
  let engineState: Health['engine']['state'] = 'starting'

  const zeroReportDeadline = parseDeadline(options.zeroReportDeadline ?? DEFAULT_ZERO_REPORT_DEADLINE)

  const db = openDatabase({ dataDir: options.dataDir, busyTimeoutMs: options.busyTimeoutMs })
  const checkpointer = startCheckpointer(db, { file: db.name, log })
  const auth = createAuthService(db, { ...options.auth, log })
  // The duty log lives in its own file, synced on every write (dutylog/dutylog-store.ts).
  const dutyLog = openDutyLog({ dataDir: options.dataDir })
  // Drills keep their own file, synced like the duty log (drill/drill-store.ts); the service starts after the link.
  const drillStore = openDrillStore({ dataDir: options.dataDir })
  let drills: DrillService | null = null
  const runningDrill = () => drills?.runningSummary() ?? null
  const integrity = dutyLog.integrity()
  if (!integrity.ok) log(`duty log integrity check FAILED: ${integrity.problems.join('; ')}`)
  let brokerWasConnected = false
  if (options.auth?.bootstrapAdmin) {
    const { username, password } = options.auth.bootstrapAdmin
    if (await auth.bootstrapAdmin(username, password)) log(`created the administrator ${username}`)
  }
  const events = createEventsRepo(db)
  const quarantine = createQuarantineRepo(db)
  const registry = createRegistryRepo(db)
  const counters = createCountersRepo(db)
  const stats = createStatsRepo(db)
  const outbox = createOutboxRepo(db)
  const videoAlerts = createVideoAlertsRepo(db)
  const zeroReports = createZeroReportsRepo(db)
  const wallStats = createWallStatsRepo(db, { registry, zeroReports })
  const ingest = createIngest({
    db,
    topicRoot,
    hallId,
    events,
    quarantine,
    registry,
    counters,
    outbox,
    videoAlerts,
    zeroReports,
    frigate: options.frigate ? { config: options.frigate, repo: createFrigateRepo(db) } : undefined,
  })
  const live = createLiveHub(options.liveIntervalMs ?? 100)
  // Major real events take over the walls until acknowledged (alarms/alarm-service.ts).
  const alarms = createAlarmService(db, { live, writeSystemEntries: (items) => writeSystemEntries(items) })

  const clientId = `zs-${hallId}`.slice(0, 64)
  let brokerStatus: ConnectionStatus = {
    state: 'connecting',
    connectedAt: null,
    lastError: null,
    reconnects: 0,
    sessionLostAt: null,
    nextReconnectInMs: null,
  }
  let storedEvents = events.count()

  let closed = false
  let lastOutboxCounts = outbox.counts()
  const health = (): Health => ({
    engine: {
      state: engineState,
      startedAt: toHallIso(startedAtMs),
      uptimeSeconds: (Date.now() - startedAtMs) / 1000,
      memory: {
        rssMb: Math.round(process.memoryUsage.rss() / 104857.6) / 10,
        heapUsedMb: Math.round(process.memoryUsage().heapUsed / 104857.6) / 10,
      },
    },
    broker: {
      ...brokerStatus,
      url: redactUrl(options.broker.url),
      embedded: options.broker.embedded ?? false,
      protocolVersion,
      clientId,
    },
    outbox: closed ? lastOutboxCounts : (lastOutboxCounts = outbox.counts()),
    ingest: counters.snapshot(),
    demoMode: options.demoMode ?? false,
    storedEvents,
  })

  /** After each commit: tell the live subscribers what changed. */
  function notify(results: IngestResult[]) {
    const major: { text: string; eventId: string }[] = []
    const newEvents: EventSummary[] = []
    for (const r of results) {
      switch (r.kind) {
        case 'event':
          if (r.outcome === 'new') storedEvents++
          if (r.outcome === 'new') newEvents.push(r.summary)
          if (r.outcome !== 'duplicate') live.eventChanged(r.summary)
          // The duty log notes every major real event as it arrives.
          if (r.outcome === 'new' && r.summary.severity >= 3 && !r.summary.drill)
            major.push({ text: majorEventText(r.summary), eventId: r.summary.id })
          break
        case 'registry':
          if (r.outcome === 'replaced') live.registry(r.summary)
          break
        case 'ack':
          live.changed('outbox.onDidChange', r.item.commandId, r.item)
          break
        case 'video_alert':
          if (r.outcome !== 'duplicate') live.changed('videoAlerts.onDidChange', r.summary.key, r.summary)
          break
        case 'zero_report':
          if (r.outcome !== 'duplicate') live.changed('zeroReports.onDidChange', r.report.key, r.report)
          break
        case 'quarantined': {
          const { rawBase64: _omit, ...rest } = r.item
          void _omit
          live.quarantined(rest)
          break
        }
      }
    }
    if (results.length) live.health(health)
    if (newEvents.length) {
      try {
        alarms.onNewEvents(newEvents)
      } catch (e) {
        log(`alarms: ${(e as Error).message}`)
      }
    }
    if (major.length) majorLines.add(major)
  }
  /**
   * The duty-log lines for major events: the first one after a quiet second is written at once;
   * what follows within the second is written together at its end (one line per event, or one
   * line for a burst of more than 3). In a storm that is one synced duty-log write a second, not
   * one per ingest commit (hundreds a second). A line still waiting is written at stop(); only a
   * crash within that second can lose it (the events themselves are stored).
   */
  const majorLines = (() => {
    const WINDOW_MS = 1000
    let waiting: { text: string; eventId: string }[] = []
    let timer: ReturnType<typeof setTimeout> | null = null
    let lastWriteMs = -Infinity
    const write = () => {
      timer = null
      const items = waiting
      waiting = []
      if (!items.length) return
      lastWriteMs = Date.now()
      if (items.length > 3)
        writeSystemEntries([
          {
            text: `${items.length} 起 3 级以上事件上报：${items
              .slice(0, 5)
              .map((m) => m.eventId)
              .join('、')}${items.length > 5 ? ' 等' : ''}`,
          },
        ])
      else writeSystemEntries(items)
    }
    return {
      add(items: { text: string; eventId: string }[]) {
        waiting.push(...items)
        if (timer) return
        const wait = lastWriteMs + WINDOW_MS - Date.now()
        if (wait <= 0 && waiting.length === items.length) write()
        else timer = setTimeout(write, Math.max(0, wait))
      },
      flush() {
        if (timer) clearTimeout(timer)
        write()
      },
    }
  })()
  function writeSystemEntries(items: { text: string; eventId?: string }[]) {
    try {
      dutyLog.addSystemBatch(items)
    } catch (e) {
      log(`duty log: ${(e as Error).message}`)
    }
  }
  const sink = {
    add: (topic: string, payload: Buffer) => void ingest.add(topic, payload),
    commit: () => {
      notify(ingest.commit())
      checkpointer.afterCommit()
    },
    pending: () => ingest.pending,
  }

  const alertHandlers = createAlertHandlers({ db, videoAlerts, zeroReports, registry, zeroReportDeadline })
  const duty = createDutyServices(options.dutyLog ?? {}, {
    hall: db,
    dutyLog,
    auth,
    dataDir: options.dataDir,
    topicRoot,
    hallId,
    publish: (topic, payload) => link.publish(topic, payload),
    runningDrill,
    log,
  })
  const handlers: Handlers = {
    ...alertHandlers.methods,
    ...createStatsHandlers(wallStats),
    ...createWallHandlers(createWallConfigRepo(db), live),
    ...alarms.handlers,
    ...createVideoTriageHandlers({ videoAlerts }).methods,
    ...createReportHandlers({ db }).methods,
    ...createAuthHandlers(auth),
    ...createDutyLogHandlers(dutyLog, auth),
    ...createDrillHandlers({ store: drillStore, service: () => drills! }),
    ...duty.handlers,
    ...createHandoverHandlers(dutyLog, auth, {
      afterSign: () => duty.afterSign(),
      collect: () =>
        collectOpenItems(db, dutyLog, {
          nowMs: Date.now(),
          missingZeroReports: () => {
            const board = alertHandlers.methods['zeroReports.list'](zeroReportListParamsSchema.parse({}), {
              scopes: ['read'],
              peer: 'engine',
            }) as ZeroReportBoard
            return board.townships.filter((t) => t.state === 'missing').map((t) => t.name)
          },
          runningDrill,
        }),
    }),
    'app.getInfo': (_p, ctx) => ({
      appVersion,
      hallId,
      topicRoot,
      demoMode: options.demoMode ?? false,
      timeZone: HALL_TIME_ZONE,
      scopes: [...ctx.scopes],
    }),
    'health.get': () => health(),
    'events.list': (p) => events.list(p),
    'events.get': ({ id, drillRunId }, ctx) => {
      const found = events.get(id, drillRunId ?? '')
      if (!found) throw new ContractFailure('not_found', `event ${id} not found`)
      // The reporter's phone is for the duty staff who act on events (return visits).
      if (!ctx.scopes.includes('operate'))
        return {
          ...found,
          current: maskReporterPhone(found.current),
          versions: found.versions.map((v) => ({ ...v, payload: maskReporterPhone(v.payload) })),
        } as MethodResult<'events.get'>
      return found as MethodResult<'events.get'>
    },
    'quarantine.list': (p) => quarantine.list(p.cursor, p.limit),
    'stats.overview': () => stats.overview(),
    'registry.getSummary': () => registry.summary(),
    // Every command carries the signed-in operator who issued it.
    'commands.issue': (p, ctx) => {
      const item = commands.issue({ ...p, operator: commandOperator(ctx) })
      duty.noteCommand(item) // 督办 goes into the duty log
      return item
    },
    'outbox.list': (p) => outbox.list(p),
    ...createWorkbenchHandlers(db, { flushIngest: () => link.flush() }),
  }
  const dispatch = createDispatcher(handlers, log)

  const link: MqttLink = connectMqtt(
    {
      url: options.broker.url,
      clientId,
      topicRoot,
      hallId,
      appVersion,
      protocolVersion,
      username: options.broker.username,
      password: options.broker.password,
      caFile: options.broker.caFile,
      certFile: options.broker.certFile,
      keyFile: options.broker.keyFile,
      rejectUnauthorized: options.broker.rejectUnauthorized,
      expectSession: () => counters.snapshot().received > 0,
      extraSubscriptions: options.frigate ? frigateTopics(options.frigate) : [],
    },
    sink,
    (s) => {
      if (s.state !== brokerStatus.state) log(`broker ${s.state}${s.lastError ? ` (${s.lastError})` : ''}`)
      if (s.state !== brokerStatus.state && !closed) {
        if (brokerStatus.state === 'connected' && s.state !== 'stopped')
          writeSystemEntries([{ text: `与消息总线的连接中断${s.lastError ? `：${s.lastError}` : ''}` }])
        else if (s.state === 'connected' && brokerWasConnected) writeSystemEntries([{ text: '与消息总线的连接已恢复' }])
        if (s.state === 'connected') brokerWasConnected = true
      }
      brokerStatus = s
      live.health(health())
    },
  )
  const commands = createCommandService({
    db,
    outbox,
    topicRoot,
    hallId,
    flushIngest: () => link.flush(),
    // A drill command, once the broker has it, is answered by the drill engine playing the platform.
    publish: (topic, payload) => link.publish(topic, payload).then(() => drills?.onCommandPublished(topic, payload)),
    onChange: (item) => {
      if (closed) return
      live.changed('outbox.onDidChange', item.commandId, item)
      live.health(health())
    },
    log,
  })
  drills = createDrillService({
    store: drillStore,
    topicRoot,
    hallId,
    publish: (topic, payload) => link.publish(topic, payload),
    county: () => drillCounty(registry.get()),
    dutyLog: (text) => {
      try {
        dutyLog.addSystemBatch([{ text, type: 'drill' }])
      } catch (e) {
        log(`duty log: ${(e as Error).message}`)
      }
    },
    onRunChange: (run) => {
      if (!closed) live.changed('drills.onDidChange', run.id, run)
    },
    log,
  })
  commands.resumePending()
  duty.start()

  let server: RunningServer | null = null
  if (options.server) {
    // The hall token may read and sign an operator in; read-only tokens (extra wall screens)
    // only read; an operator session has its role's scopes.
    const staticTokens = createTokenChecker([
      { token: options.server.token, scopes: [...HALL_TOKEN_SCOPES] },
      ...(options.server.readOnlyTokens ?? []).map((t) => ({ token: t, scopes: [...WALL_TOKEN_SCOPES] })),
    ])
    const authenticate = (token: string): Credential | null => {
      if (auth.isSessionToken(token)) return auth.resolveSession(token)
      const scopes = staticTokens(token)
      return scopes ? { scopes } : null
    }
    server = await startServer({
      host: options.server.host ?? '127.0.0.1',
      port: options.server.port ?? 0,
      authenticate,
      rendererDir: options.server.rendererDir,
      appVersion,
      dispatch,
      live,
      log,
      binary: {
        ...alertHandlers.binary,
        'dutyLogAttachments.get': ({ sha256 }) => dutyLog.attachments.bytes(sha256),
      },
    })
  }

  // The search's trigram index is filled in the background, in batches between ingest
  // transactions: new rows are above a mark and the ingest notes which indexed rows changed (migration 7, docs/performance.md).
  // While events stream in it takes small bites, so the index never competes with ingest; in a
  // storm (more than 1,000 events a second) smaller ones still, and it catches up afterwards (a
  // search stays exact meanwhile: rows not yet indexed are read as candidates).
  let textIndexFailed = false
  let storedAtLastTick = counters.snapshot().stored
  const textIndexer = setInterval(() => {
    if (db.inTransaction) return
    const stored = counters.snapshot().stored
    const storm = stored - storedAtLastTick > 250
    storedAtLastTick = stored
    try {
      events.indexText(events.msSinceWrite() > 1000 ? 2000 : storm ? 50 : 200)
      textIndexFailed = false
    } catch (e) {
      if (!textIndexFailed) log(`text index: ${(e as Error).message}`)
      textIndexFailed = true
    }
  }, 250)
  textIndexer.unref()

  engineState = 'running'

  return {
    hallId,
    topicRoot,
    url: server?.url ?? null,
    port: server?.port ?? null,
    dispatch,
    health,
    events,
    videoAlerts,
    zeroReports,
    /** Resolves when the broker link is connected (or rejects after the timeout). */
    waitForBroker(timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const started = Date.now()
        const tick = () => {
          if (brokerStatus.state === 'connected') return resolve()
          if (Date.now() - started > timeoutMs)
            return reject(new Error(`broker not connected: ${brokerStatus.lastError}`))
          setTimeout(tick, 25)
        }
        tick()
      })
    },
    async stop() {
      engineState = 'stopping'
      await link.stop().catch((e) => log(`mqtt stop: ${(e as Error).message}`))
      await server?.close()
      live.stop()
      alarms.stop()
      majorLines.flush()
      clearInterval(textIndexer)
      closed = true
      await checkpointer.stop()
      await duty.stop()
      drills?.stop()
      drillStore.close()
      dutyLog.close()
      db.close()
    },
  }
}
export type Engine = Awaited<ReturnType<typeof createEngine>>
