/**
 * The history the simulator publishes when it starts, so a fresh hall is not empty: events
 * reported over the last day (more by day than at night), each already moved along its lifecycle
 * as far as its age allows. Pure: the result depends only on the generator, the rng and `nowMs`.
 */
import type { ZsEvent } from '../contract'
import type { EventGenerator } from './generator'
import { isTerminal } from './lifecycle'
import type { Rng } from './random'
import { HOUR, parseIso, shanghaiHour } from './time'

/** Relative report activity by Shanghai hour of day: quiet at night, busy in office hours. */
export function activityAt(ms: number): number {
  const hour = shanghaiHour(ms)
  if (hour < 6) return 0.15
  if (hour < 8) return 0.5
  if (hour < 12) return 1
  if (hour < 14) return 0.7
  if (hour < 18) return 1
  if (hour < 22) return 0.6
  return 0.3
}

export interface BacklogOptions {
  count: number
  nowMs: number
  /** How far back reports go; default 24 h. */
  spanMs?: number
}

export interface Backlog {
  /** Every version of every backlog event, oldest first (so each id's versions ascend). */
  messages: ZsEvent[]
  /** The latest version of the events that are still open at `nowMs`. */
  open: ZsEvent[]
}

export function buildBacklog(generator: EventGenerator, rng: Rng, options: BacklogOptions): Backlog {
  const span = options.spanMs ?? 24 * HOUR
  const times: number[] = []
  // Rejection sampling against the day's rhythm, so "events per hour" charts look like a real day.
  // The newest report is a few seconds old, never in the future.
  while (times.length < options.count) {
    const t = options.nowMs - 5_000 - rng.next() * (span - 5_000)
    if (rng.next() < activityAt(t)) times.push(Math.floor(t))
  }
  times.sort((a, b) => a - b)

  const messages: ZsEvent[] = []
  const open: ZsEvent[] = []
  for (const reportedMs of times) {
    let current = generator.create(reportedMs)
    messages.push(current)
    let t = reportedMs
    for (;;) {
      t += generator.typicalDelayMs(current)
      if (!(t <= options.nowMs)) break
      const next = generator.advance(current, t)
      if (next === null) break
      current = next
      messages.push(current)
    }
    if (!isTerminal(current.status)) open.push(current)
  }
  // Publish in the order things happened; within one id the versions already ascend in time.
  messages.sort((a, b) => parseIso(a.updatedAt) - parseIso(b.updatedAt) || a.version - b.version)
  return { messages, open }
}
