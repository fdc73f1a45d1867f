/**
 * The durable command outbox. A command is written here (synchronously, committed) before it is
 * published, marked `sent` when the broker acknowledges it and settled by the platform's ack.
 * Writes use their own small transactions: commands are rare next to ingest.
 */
import type { OutboxItem, OutboxState, ZsAck, ZsCommand } from '../../contract'
import type { Db } from './database'

interface Row {
  seq: number
  command_id: string
  drill_run: string
  target_type: 'event' | 'video_alert'
  target_id: string
  base_version: number
  action: string
  operator_id: string
  operator_name: string
  topic: string
  payload: string
  state: OutboxState
  issued_at: string
  attempts: number
  sent_at: string | null
  settled_at: string | null
  error_code: string | null
  error_message: string | null
  result_version: number | null
}

export interface PendingCommand {
  seq: number
  commandId: string
  topic: string
  payload: string
}

function toItem(r: Row): OutboxItem {
  const command = JSON.parse(r.payload) as ZsCommand
  return {
    seq: r.seq,
    commandId: r.command_id,
    state: r.state,
    target: { type: r.target_type, id: r.target_id, baseVersion: r.base_version, drillRunId: r.drill_run || null },
    action: r.action,
    params: command.params,
    operator: { id: r.operator_id, name: r.operator_name },
    issuedAt: r.issued_at,
    attempts: r.attempts,
    sentAt: r.sent_at,
    settledAt: r.settled_at,
    error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
    resultVersion: r.result_version,
  }
}

export function createOutboxRepo(db: Db) {
  const insert = db.prepare(`
    INSERT INTO outbox (command_id, drill_run, target_type, target_id, base_version, action, operator_id,
      operator_name, topic, payload, state, issued_at)
    VALUES (@commandId, @drillRun, @targetType, @targetId, @baseVersion, @action, @operatorId, @operatorName,
      @topic, @payload, 'pending', @issuedAt)`)
  const byCommand = db.prepare<[string], Row>('SELECT * FROM outbox WHERE command_id = ?')
  const pending = db.prepare<[], PendingCommand>(
    "SELECT seq, command_id AS commandId, topic, payload FROM outbox WHERE state = 'pending' ORDER BY seq",
  )
  const attempt = db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE command_id = ?')
  const markSent = db.prepare(
    "UPDATE outbox SET state = 'sent', sent_at = ? WHERE command_id = ? AND state = 'pending'",
  )
  const settle = db.prepare(`
    UPDATE outbox SET state = @state, settled_at = @at, error_code = @errorCode, error_message = @errorMessage,
      result_version = @resultVersion, ack_payload = @ackPayload,
      sent_at = coalesce(sent_at, @at)
    WHERE command_id = @commandId AND state IN ('pending', 'sent')`)
  const counts = db.prepare<[], { state: OutboxState; n: number }>(
    'SELECT state, count(*) AS n FROM outbox GROUP BY state',
  )

  return {
    add(command: ZsCommand, topic: string, drillRun: string): OutboxItem {
      insert.run({
        commandId: command.commandId,
        drillRun,
        targetType: command.target.type,
        targetId: command.target.id,
        baseVersion: command.target.baseVersion,
        action: command.action,
        operatorId: command.operator.id,
        operatorName: command.operator.name,
        topic,
        payload: JSON.stringify(command),
        issuedAt: command.issuedAt,
      })
      return toItem(byCommand.get(command.commandId)!)
    },
    /** Everything not yet accepted by the broker, oldest first: what to publish after a restart. */
    pending: () => pending.all(),
    attempted: (commandId: string) => void attempt.run(commandId),
    markSent(commandId: string, at: string): OutboxItem | null {
      return markSent.run(at, commandId).changes ? toItem(byCommand.get(commandId)!) : null
    },
    /** Applies the platform's ack; returns null when the command is unknown or already settled. */
    settle(ack: ZsAck, rawText: string): { item: OutboxItem } | { unknown: true } | { duplicate: true } {
      const known = byCommand.get(ack.commandId)
      if (!known) return { unknown: true }
      const changes = settle.run({
        commandId: ack.commandId,
        state: ack.ok ? 'acknowledged' : 'failed',
        at: ack.at,
        errorCode: ack.ok ? null : (ack.error?.code ?? 'invalid'),
        errorMessage: ack.ok ? null : (ack.error?.message ?? ''),
        resultVersion: ack.resultVersion ?? null,
        ackPayload: rawText,
      }).changes
      if (!changes) return { duplicate: true }
      return { item: toItem(byCommand.get(ack.commandId)!) }
    },
    get: (commandId: string) => {
      const r = byCommand.get(commandId)
      return r ? toItem(r) : null
    },
    list(p: { state?: OutboxState; targetId?: string; cursor?: number; limit: number }) {
      const where = ['seq < ?']
      const args: unknown[] = [p.cursor ?? Number.MAX_SAFE_INTEGER]
      if (p.state) {
        where.push('state = ?')
        args.push(p.state)
      }
      if (p.targetId) {
        where.push('target_id = ?')
        args.push(p.targetId)
      }
      const rows = db
        .prepare(`SELECT * FROM outbox WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`)
        .all(...args, p.limit + 1) as Row[]
      const more = rows.length > p.limit
      const items = (more ? rows.slice(0, p.limit) : rows).map(toItem)
      return { items, nextCursor: more ? items[items.length - 1].seq : null }
    },
    counts() {
      const c = { pending: 0, sent: 0, failed: 0 }
      for (const r of counts.all()) if (r.state in c) c[r.state as keyof typeof c] = r.n
      return c
    },
  }
}
export type OutboxRepo = ReturnType<typeof createOutboxRepo>
