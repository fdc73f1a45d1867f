/**
 * Issuing commands: check the action and its params, write the command to the durable outbox
 * (committed), then publish it at QoS 1. Pending commands are published again after a restart;
 * while the broker is unreachable MQTT.js holds them and sends them in order on reconnect. The
 * platform answers on {root}/acks/{hallId}; ingest settles the outbox item.
 */
import { randomUUID } from 'node:crypto'
import { ContractFailure, parseCommandParams, type OutboxItem, type ZsCommand } from '../../contract'
import type { Db } from '../store/database'
import type { OutboxRepo } from '../store/outbox-repo'
import { toHallIso } from './time'

export interface IssueRequest {
  target: { type: 'event' | 'video_alert'; id: string; baseVersion: number; drillRunId?: string }
  action: string
  params?: Record<string, unknown>
  operator: { id: string; name: string }
}

export interface CommandDeps {
  db: Db
  outbox: OutboxRepo
  topicRoot: string
  hallId: string
  /** Commits the open ingest batch, so the outbox write is its own durable transaction. */
  flushIngest(): void
  publish(topic: string, payload: string): Promise<void>
  onChange(item: OutboxItem): void
  log(msg: string): void
  now?: () => number
}

export function createCommandService(deps: CommandDeps) {
  const now = deps.now ?? Date.now
  const topicFor = (drillRun: string) =>
    drillRun
      ? `${deps.topicRoot}/drill/${drillRun}/commands/${deps.hallId}`
      : `${deps.topicRoot}/commands/${deps.hallId}`

  function send(commandId: string, topic: string, payload: string) {
    deps.outbox.attempted(commandId)
    deps.publish(topic, payload).then(
      () => {
        if (!deps.db.open) return // a PUBACK that arrives while the engine shuts down
        const item = deps.outbox.markSent(commandId, toHallIso(now()))
        if (item) deps.onChange(item)
      },
      // Stays pending: published again after the next start.
      (e: Error) => deps.log(`command ${commandId} not published yet: ${e.message}`),
    )
  }

  return {
    issue(req: IssueRequest): OutboxItem {
      const checked = parseCommandParams(req.target.type, req.action, req.params)
      if (!checked.ok) {
        throw new ContractFailure(
          'invalid_params',
          checked.issues.map((i) => `${i.path}: ${i.message}`).join('; '),
          checked.issues,
        )
      }
      const drillRun = req.target.drillRunId ?? ''
      const command: ZsCommand = {
        schema: 'zs.command/1',
        commandId: randomUUID(),
        hallId: deps.hallId,
        target: { type: req.target.type, id: req.target.id, baseVersion: req.target.baseVersion },
        action: req.action,
        params: checked.params,
        operator: req.operator,
        issuedAt: toHallIso(now()),
        drill: drillRun !== '',
      }
      const topic = topicFor(drillRun)
      deps.flushIngest()
      const item = deps.db.transaction(() => deps.outbox.add(command, topic, drillRun))()
      deps.onChange(item)
      send(command.commandId, topic, JSON.stringify(command))
      return item
    },
    /** After a start: publish what never reached the broker, oldest first. */
    resumePending() {
      const pending = deps.outbox.pending()
      if (pending.length) deps.log(`publishing ${pending.length} pending command(s) from the outbox`)
      for (const p of pending) send(p.commandId, p.topic, p.payload)
    },
  }
}
