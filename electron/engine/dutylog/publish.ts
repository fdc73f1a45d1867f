/**
 * Publishing signed handovers for the platform's archive: `zs.handover/1` on
 * `{root}/halls/{hallId}/handovers`, QoS 1. The command outbox is not used: its items wait for the
 * platform's `zs.ack/1`, which no platform sends for a handover, and they would show as commands.
 * Instead a handover counts as published once the broker acknowledged it (PUBACK), noted in
 * `handover_published`; at every start (and after signing) the ones not yet noted are published,
 * so a handover signed while the broker is down, or the engine killed before the PUBACK, is sent
 * later. The platform may see one twice; `id` (and `hash`) identify it.
 */
import type { Handover, ZsHandover } from '../../contract'
import { toHallIso } from '../domain/time'
import type { DutyLog } from './dutylog-store'

export function handoverPayload(h: Handover, hallId: string): ZsHandover {
  return {
    schema: 'zs.handover/1',
    hallId,
    id: h.id,
    seq: h.seq,
    shift: h.shift,
    summary: h.summary,
    openItems: h.openItems,
    outgoing: h.outgoing,
    incoming: h.incoming,
    hash: h.hash,
    prevHash: h.prevHash,
    drill: false,
  }
}

export interface HandoverPublisherDeps {
  dutyLog: DutyLog
  topicRoot: string
  hallId: string
  publish(topic: string, payload: string): Promise<void>
  log(msg: string): void
  now?: () => number
}

export function createHandoverPublisher(deps: HandoverPublisherDeps) {
  const now = deps.now ?? Date.now
  const topic = `${deps.topicRoot}/halls/${deps.hallId}/handovers`
  const ddb = deps.dutyLog.db
  const published = ddb.prepare<[], string>('SELECT handover_id FROM handover_published').pluck()
  const unpublished = ddb
    .prepare<[], number>('SELECT count(*) FROM handovers WHERE id NOT IN (SELECT handover_id FROM handover_published)')
    .pluck()
  const mark = ddb.prepare('INSERT OR IGNORE INTO handover_published (handover_id, published_at) VALUES (?, ?)')
  const inFlight = new Set<string>()
  let stopped = false

  return {
    topic,
    /** Publishes every signed, verified handover the broker has not acknowledged yet, oldest first. */
    publishPending(): number {
      // Cheap when everything went out (the usual case): no chain verification.
      if (unpublished.get() === 0) return 0
      const done = new Set(published.all())
      const todo = deps.dutyLog.handovers
        .list()
        .reverse()
        .filter((h) => !done.has(h.id) && !inFlight.has(h.id))
      for (const h of todo) {
        // A handover that no longer matches its hash is not sent as if it were genuine.
        if (!h.verified) {
          deps.log(`handover ${h.id} not published: ${h.problem}`)
          continue
        }
        inFlight.add(h.id)
        deps.publish(topic, JSON.stringify(handoverPayload(h, deps.hallId))).then(
          () => {
            inFlight.delete(h.id)
            if (!stopped) mark.run(h.id, toHallIso(now()))
          },
          (e: Error) => {
            inFlight.delete(h.id)
            deps.log(`handover ${h.id} not published yet: ${e.message}`)
          },
        )
      }
      return todo.length
    },
    isPublished: (id: string) => published.all().includes(id),
    stop() {
      stopped = true
    },
  }
}
export type HandoverPublisher = ReturnType<typeof createHandoverPublisher>
