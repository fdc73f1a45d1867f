/**
 * The contract's topic tree below `{root}/`, parsed into what the engine does with a message.
 * Pure, so routing is tested without a broker.
 */
import { EVENT_SOURCES, type EventSource } from '../../contract'

export type Route = { kind: 'event'; source: EventSource } | { kind: 'registry' } | { kind: 'unknown'; reason: string }

export function routeTopic(topic: string, root: string): Route {
  const prefix = `${root}/`
  if (!topic.startsWith(prefix)) return { kind: 'unknown', reason: `unknown_topic: not under ${prefix}` }
  const parts = topic.slice(prefix.length).split('/')
  if (parts[0] === 'events' && parts.length === 2) {
    const source = parts[1]
    if ((EVENT_SOURCES as readonly string[]).includes(source)) return { kind: 'event', source: source as EventSource }
    return { kind: 'unknown', reason: `unknown_topic: "${source}" is not an event source` }
  }
  if (parts[0] === 'registry' && parts.length === 1) return { kind: 'registry' }
  return { kind: 'unknown', reason: 'unknown_topic: not defined by the contract' }
}

export function subscriptionsFor(root: string): string[] {
  return [`${root}/events/+`, `${root}/registry`]
}
