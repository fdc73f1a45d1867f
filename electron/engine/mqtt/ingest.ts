/**
 * Ingestion: decode → validate → dedupe/version → persist, in one SQLite transaction per message.
 * The caller (the MQTT handleMessage hook) acknowledges the message to the broker only after
 * `ingest` has returned, i.e. after the commit: persist before acknowledge.
 */
import {
  EVENT_MAX_BYTES,
  REGISTRY_MAX_BYTES,
  zsEventSchema,
  zsRegistrySchema,
  type EventSummary,
  type IngestCounters,
  type QuarantineItem,
  type RegistrySummary,
} from '../../contract'
import { decodeJson } from '../domain/decode'
import { certainlyValidEvent } from '../domain/event-fastpath'
import { routeTopic } from '../domain/topics'
import Database from 'better-sqlite3'
import type { Db } from '../store/database'
import type { CountersRepo } from '../store/counters-repo'
import type { EventsRepo } from '../store/events-repo'
import type { QuarantineRepo } from '../store/quarantine-repo'
import type { RegistryRepo } from '../store/registry-repo'
import { createVideoAlertsRepo, type VideoAlertsRepo } from '../store/video-alerts-repo'
import { createZeroReportsRepo, type ZeroReportsRepo } from '../store/zero-reports-repo'
import { ingestVideoAlert, ingestZeroReport, type VideoAlertResult, type ZeroReportResult } from './ingest-alerts'
import type { OutboxRepo } from '../store/outbox-repo'
import { ingestFrigate, type FrigateAdapter } from './ingest-frigate'
import { frigateTopics } from '../domain/frigate-config'
import { ACK_MAX_BYTES, zsAckSchema, type OutboxItem } from '../../contract'

export type IngestResult =
  | { kind: 'event'; outcome: 'new' | 'updated' | 'stale'; summary: EventSummary }
  | { kind: 'event'; outcome: 'duplicate'; id: string }
  | { kind: 'registry'; outcome: 'replaced'; summary: RegistrySummary }
  | { kind: 'registry'; outcome: 'duplicate' | 'stale' }
  | { kind: 'quarantined'; item: QuarantineItem }
  | { kind: 'ignored'; reason: string }
  | { kind: 'ack'; item: OutboxItem }
  | VideoAlertResult
  | ZeroReportResult

/**
 * The drill flag must match the namespace: drill payloads only under {root}/drill/{runId}/, and
 * nothing flagged as drill on a real topic (it would vanish from real statistics).
 */
export function drillMismatch(drillRunId: string | null, flag: boolean | null | undefined): string | null {
  if (drillRunId !== null && flag !== true)
    return 'drill_flag: a message in the drill namespace must carry "drill": true'
  if (drillRunId === null && flag === true) return 'drill_flag: "drill": true on a real (non-drill) topic'
  return null
}

export interface IngestDeps {
  db: Db
  topicRoot: string
  /** This hall's id: its own acks are ingested, other halls' traffic is ignored. */
  hallId: string
  /** Settles commands when the platform's acks arrive. */
  outbox?: OutboxRepo
  events: EventsRepo
  quarantine: QuarantineRepo
  registry: RegistryRepo
  counters: CountersRepo
  /** Default: created on the same database. */
  videoAlerts?: VideoAlertsRepo
  zeroReports?: ZeroReportsRepo
  /** The optional Frigate NVR adapter; absent, Frigate topics are neither subscribed nor routed. */
  frigate?: FrigateAdapter
  now?: () => Date
}

export function createIngest(deps: IngestDeps) {
  const { db, events, quarantine, registry, counters } = deps
  const now = deps.now ?? (() => new Date())
  const videoAlerts = deps.videoAlerts ?? createVideoAlertsRepo(db)
  const zeroReports = deps.zeroReports ?? createZeroReportsRepo(db)
  const frigateRoutes = deps.frigate
    ? Object.fromEntries(frigateTopics(deps.frigate.config).map((t) => [t, deps.frigate!.config.source]))
    : undefined
  let open = false
  let batchDelta: Partial<IngestCounters> = {}
  let batchResults: IngestResult[] = []
  // The messages of the open batch, to replay it if one of them turns out to be poison.
  let batchInputs: [topic: string, payload: Uint8Array][] = []
  // Once the batch was replayed, each further message of it runs under its own savepoint.
  let isolated = false

  /** Writes one message inside the open transaction and returns what it did. */
  function processOne(topic: string, payload: Uint8Array): IngestResult {
    const receivedAt = now().toISOString()
    const count = (name: keyof IngestCounters) => {
      batchDelta[name] = (batchDelta[name] ?? 0) + 1
    }
    count('received')
    const quarantineWith = (reason: string): IngestResult => {
      const item = quarantine.add(topic, reason, payload, receivedAt)
      count('quarantined')
      return { kind: 'quarantined', item }
    }

    const route = routeTopic(topic, deps.topicRoot, deps.hallId, frigateRoutes)
    switch (route.kind) {
      case 'unknown':
        return quarantineWith(route.reason)
      case 'ignore':
        count('ignored')
        return { kind: 'ignored', reason: route.reason }
      case 'registry': {
        const d = decodeJson(payload, zsRegistrySchema, REGISTRY_MAX_BYTES)
        if (!d.ok) return quarantineWith(d.reason)
        // A drill does not replace the county's reference data.
        if (route.drillRunId !== null) {
          count('ignored')
          return { kind: 'ignored', reason: 'drill registry' }
        }
        const outcome = registry.offer(d.value.message, d.value.text, receivedAt)
        if (outcome === 'replaced') {
          count('stored')
          return { kind: 'registry', outcome, summary: registry.summary() }
        }
        count(outcome === 'duplicate' ? 'duplicates' : 'stale')
        return { kind: 'registry', outcome }
      }
      case 'event': {
        const d = decodeJson(payload, zsEventSchema, EVENT_MAX_BYTES, certainlyValidEvent)
        if (!d.ok) return quarantineWith(d.reason)
        const event = d.value.message
        if (event.source !== route.source) {
          return quarantineWith(`topic_mismatch: topic source "${route.source}" but payload source "${event.source}"`)
        }
        const drillProblem = drillMismatch(route.drillRunId, event.drill)
        if (drillProblem) return quarantineWith(drillProblem)
        const applied = events.apply(event, d.value.bytes, topic, receivedAt, route.drillRunId ?? '')
        if (applied.outcome === 'duplicate') {
          count('duplicates')
          return { kind: 'event', outcome: 'duplicate', id: event.id }
        }
        count(applied.outcome === 'stale' ? 'stale' : 'stored')
        return { kind: 'event', outcome: applied.outcome, summary: applied.summary }
      }
      case 'ack': {
        const d = decodeJson(payload, zsAckSchema, ACK_MAX_BYTES)
        if (!d.ok) return quarantineWith(d.reason)
        const settled = deps.outbox?.settle(d.value.message, d.value.text)
        if (!settled || 'unknown' in settled) {
          // Not one of ours (e.g. issued before this database existed): nothing to settle.
          count('ignored')
          return { kind: 'ignored', reason: `ack for unknown command ${d.value.message.commandId}` }
        }
        if ('duplicate' in settled) {
          count('duplicates')
          return { kind: 'ignored', reason: 'ack for a command already settled' }
        }
        count('stored')
        return { kind: 'ack', item: settled.item }
      }
      case 'video_alert':
        return ingestVideoAlert({ topic, payload, receivedAt, count, quarantine: quarantineWith }, route, videoAlerts)
      case 'zero_report':
        return ingestZeroReport({ topic, payload, receivedAt, count, quarantine: quarantineWith }, route, zeroReports)
      case 'frigate':
        if (!deps.frigate) return quarantineWith('unknown_topic: the Frigate adapter is not configured')
        return ingestFrigate(
          { topic, payload, receivedAt, count, quarantine: quarantineWith },
          route,
          deps.frigate,
          videoAlerts,
          Date.parse(receivedAt),
        )
      default:
        // Every route of the contract is handled above; this only guards a route added later.
        return quarantineWith(
          `unsupported: ${(route as { kind: string }).kind} messages are not handled by this version`,
        )
    }
  }

  /**
   * One message under a savepoint. A SQLite failure aborts the batch (nothing of it is
   * acknowledged; the broker redelivers). Any other exception is a message the engine cannot
   * handle: its partial writes are undone and it is quarantined as `internal`, so one poison
   * message can never wedge ingestion by being redelivered forever.
   */
  function processIsolated(topic: string, payload: Uint8Array): IngestResult {
    const deltaBefore = { ...batchDelta }
    const aggregatesBefore = events.batch.mark()
    db.exec('SAVEPOINT message')
    try {
      const result = processOne(topic, payload)
      db.exec('RELEASE message')
      return result
    } catch (e) {
      if (e instanceof Database.SqliteError) throw e
      db.exec('ROLLBACK TO message')
      db.exec('RELEASE message')
      events.batch.undoTo(aggregatesBefore)
      registry.reload()
      batchDelta = deltaBefore
      batchDelta.received = (batchDelta.received ?? 0) + 1
      batchDelta.quarantined = (batchDelta.quarantined ?? 0) + 1
      const item = quarantine.add(
        topic,
        `internal: ${(e as Error).message}`.slice(0, 500),
        payload,
        now().toISOString(),
      )
      return { kind: 'quarantined', item }
    }
  }

  /**
   * A message threw while the batch ran without savepoints: its partial writes may be in the
   * open transaction. Roll the batch back and run it again, each message under its own
   * savepoint, so the poison message is quarantined and the others are stored as before. Nothing
   * of the batch was committed or acknowledged yet, so this changes nothing anyone saw.
   */
  function replayIsolated(): IngestResult {
    const inputs = batchInputs
    db.exec('ROLLBACK')
    events.batch.discard()
    registry.reload()
    batchDelta = {}
    batchResults = []
    db.exec('BEGIN IMMEDIATE')
    events.batch.begin()
    isolated = true
    let last: IngestResult | undefined
    for (const [t, p] of inputs) {
      last = processIsolated(t, p)
      batchResults.push(last)
    }
    return last!
  }

  const api = {
    /**
     * Adds one message to the open transaction, opening one if needed (group commit). Nothing is
     * durable until commit(). Throws only if SQLite fails; the whole open batch is then rolled
     * back and must not be acknowledged.
     */
    add(topic: string, payload: Uint8Array): IngestResult {
      try {
        if (!open) {
          db.exec('BEGIN IMMEDIATE')
          open = true
          events.batch.begin()
        }
        batchInputs.push([topic, payload])
        if (isolated) {
          const result = processIsolated(topic, payload)
          batchResults.push(result)
          return result
        }
        // Optimistic: no savepoint per message (it costs about a tenth of a message's time, the
        // statement journal included). A poison message makes the batch start over with one.
        let result: IngestResult
        try {
          result = processOne(topic, payload)
        } catch (e) {
          if (e instanceof Database.SqliteError) throw e
          return replayIsolated()
        }
        batchResults.push(result)
        return result
      } catch (e) {
        api.rollback()
        throw e
      }
    },
    /** Commits the open batch; returns its results (for live notifications). */
    commit(): IngestResult[] {
      if (!open) return []
      try {
        // The counters and the statistics aggregates are written once per batch, in the batch's
        // own transaction.
        for (const [name, n] of Object.entries(batchDelta) as [keyof IngestCounters, number][]) counters.add(name, n)
        events.batch.flush()
        db.exec('COMMIT')
      } catch (e) {
        api.rollback()
        throw e
      }
      open = false
      counters.commitMirror(batchDelta)
      const results = batchResults
      batchDelta = {}
      batchResults = []
      batchInputs = []
      isolated = false
      return results
    },
    rollback() {
      if (open && db.inTransaction) db.exec('ROLLBACK')
      events.batch.discard()
      open = false
      batchDelta = {}
      batchResults = []
      batchInputs = []
      isolated = false
      registry.reload()
    },
    get pending() {
      return batchResults.length
    },
    /** One message in its own transaction (tests, tools). */
    ingest(topic: string, payload: Uint8Array): IngestResult {
      const r = api.add(topic, payload)
      api.commit()
      return r
    },
  }
  return api
}
export type Ingest = ReturnType<typeof createIngest>
