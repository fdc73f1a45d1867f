/**
 * The contract's topic tree below `{root}/`, parsed into what the engine does with a message.
 * Pure, so routing is tested without a broker. The drill namespace `{root}/drill/{runId}/…`
 * carries the same topics; its routes name the run.
 */
import { EVENT_SOURCES, type EventSource } from '../../contract'

type Drill = { drillRunId: string | null }
export type Route =
  | ({ kind: 'event'; source: EventSource } & Drill)
  | ({ kind: 'video_alert'; communityId: string } & Drill)
  | ({ kind: 'registry' } & Drill)
  | ({ kind: 'zero_report'; unitCode: string } & Drill)
  | ({ kind: 'ack' } & Drill)
  /** Frigate NVR (`{prefix}/reviews` or `{prefix}/events`), only when the adapter is configured. */
  | { kind: 'frigate'; source: 'reviews' | 'events' }
  /** Defined by the contract but not for this hall to ingest: own commands echoed, other halls. */
  | { kind: 'ignore'; reason: string }
  | { kind: 'unknown'; reason: string }

const SEGMENT = /^[^/#+]{1,128}$/

function routeRelative(parts: string[], hallId: string, drillRunId: string | null): Route {
  const [head, second, ...rest] = parts
  const one = (p: string | undefined) => p !== undefined && SEGMENT.test(p) && rest.length === 0
  switch (head) {
    case 'events':
      if (!one(second)) break
      if ((EVENT_SOURCES as readonly string[]).includes(second!)) {
        return { kind: 'event', source: second as EventSource, drillRunId }
      }
      return { kind: 'unknown', reason: `unknown_topic: "${second}" is not an event source` }
    case 'video':
      if (second === 'alerts' && rest.length === 1 && SEGMENT.test(rest[0])) {
        return { kind: 'video_alert', communityId: rest[0], drillRunId }
      }
      break
    case 'registry':
      if (second === undefined) return { kind: 'registry', drillRunId }
      break
    case 'zero-reports':
      if (one(second)) return { kind: 'zero_report', unitCode: second!, drillRunId }
      break
    case 'acks':
      if (!one(second)) break
      return second === hallId ? { kind: 'ack', drillRunId } : { kind: 'ignore', reason: 'another hall’s acks' }
    case 'commands':
      if (one(second))
        return { kind: 'ignore', reason: second === hallId ? 'own command echoed' : 'another hall’s commands' }
      break
    case 'halls':
      // {root}/halls/{hallId}/status (presence) and …/handovers: published by halls, not ingested.
      if (second !== undefined && SEGMENT.test(second) && rest.length === 1)
        return { kind: 'ignore', reason: 'hall publication' }
      break
  }
  return { kind: 'unknown', reason: 'unknown_topic: not defined by the contract' }
}

/** Topics outside `{root}/` the hall also ingests: exact topic → Frigate source. */
export type FrigateTopics = Readonly<Record<string, 'reviews' | 'events'>>

export function routeTopic(topic: string, root: string, hallId = '', frigate?: FrigateTopics): Route {
  if (frigate && Object.hasOwn(frigate, topic)) return { kind: 'frigate', source: frigate[topic] }
  const prefix = `${root}/`
  if (!topic.startsWith(prefix)) return { kind: 'unknown', reason: `unknown_topic: not under ${prefix}` }
  const parts = topic.slice(prefix.length).split('/')
  if (parts[0] === 'drill') {
    const runId = parts[1]
    if (runId === undefined || !SEGMENT.test(runId) || parts.length < 3) {
      return { kind: 'unknown', reason: 'unknown_topic: drill topic without a run id' }
    }
    const inner = routeRelative(parts.slice(2), hallId, runId)
    return inner
  }
  return routeRelative(parts, hallId, null)
}

/**
 * One wildcard for the whole tree: what the contract does not define is quarantined. `extra`
 * (the Frigate adapter's topics) is added unless `{root}/#` already covers it.
 */
export function subscriptionsFor(root: string, extra: readonly string[] = []): string[] {
  const covered = (t: string) => t === root || t.startsWith(`${root}/`)
  return [`${root}/#`, ...extra.filter((t) => !covered(t))]
}
