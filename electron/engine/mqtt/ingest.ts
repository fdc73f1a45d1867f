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
import { routeTopic } from '../domain/topics'
import type { Db } from '../store/database'
import type { CountersRepo } from '../store/counters-repo'
import type { EventsRepo } from '../store/events-repo'
import type { QuarantineRepo } from '../store/quarantine-repo'
import type { RegistryRepo } from '../store/registry-repo'

export type IngestResult =
  | { kind: 'event'; outcome: 'new' | 'updated' | 'stale'; summary: EventSummary }
  | { kind: 'event'; outcome: 'duplicate'; id: string }
  | { kind: 'registry'; outcome: 'replaced'; summary: RegistrySummary }
  | { kind: 'registry'; outcome: 'duplicate' | 'stale' }
  | { kind: 'quarantined'; item: QuarantineItem }

export interface IngestDeps {
  db: Db
  topicRoot: string
  events: EventsRepo
  quarantine: QuarantineRepo
  registry: RegistryRepo
  counters: CountersRepo
  now?: () => Date
}

export function createIngest(deps: IngestDeps) {
  const { db, events, quarantine, registry, counters } = deps
  const now = deps.now ?? (() => new Date())

  const run = db.transaction((topic: string, payload: Uint8Array): [IngestResult, Partial<IngestCounters>] => {
    const receivedAt = now().toISOString()
    const delta: Partial<IngestCounters> = { received: 1 }
    const count = (name: keyof IngestCounters) => {
      counters.add(name)
      delta[name] = (delta[name] ?? 0) + 1
    }
    counters.add('received')
    const quarantineWith = (reason: string): [IngestResult, Partial<IngestCounters>] => {
      const item = quarantine.add(topic, reason, payload, receivedAt)
      count('quarantined')
      return [{ kind: 'quarantined', item }, delta]
    }

    const route = routeTopic(topic, deps.topicRoot)
    if (route.kind === 'unknown') return quarantineWith(route.reason)

    if (route.kind === 'registry') {
      const d = decodeJson(payload, zsRegistrySchema, REGISTRY_MAX_BYTES)
      if (!d.ok) return quarantineWith(d.reason)
      const outcome = registry.offer(d.value.message, d.value.text, receivedAt)
      if (outcome === 'replaced') {
        count('stored')
        return [{ kind: 'registry', outcome, summary: registry.summary() }, delta]
      }
      count(outcome === 'duplicate' ? 'duplicates' : 'stale')
      return [{ kind: 'registry', outcome }, delta]
    }

    const d = decodeJson(payload, zsEventSchema, EVENT_MAX_BYTES)
    if (!d.ok) return quarantineWith(d.reason)
    const event = d.value.message
    if (event.source !== route.source) {
      return quarantineWith(`topic_mismatch: topic source "${route.source}" but payload source "${event.source}"`)
    }
    const outcome = events.apply(event, d.value.text, topic, receivedAt)
    if (outcome === 'duplicate') {
      count('duplicates')
      return [{ kind: 'event', outcome, id: event.id }, delta]
    }
    count(outcome === 'stale' ? 'stale' : 'stored')
    return [{ kind: 'event', outcome, summary: events.summary(event.id)! }, delta]
  })

  return {
    /** Persists one message; throws only if SQLite itself fails (then nothing is acknowledged). */
    ingest(topic: string, payload: Uint8Array): IngestResult {
      const [result, delta] = run(topic, payload)
      counters.commitMirror(delta)
      return result
    },
  }
}
export type Ingest = ReturnType<typeof createIngest>
