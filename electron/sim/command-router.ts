/**
 * The platform's command desk, simulated: one subscription to every hall's command topic
 * (`{root}/commands/+`), each zs.command/1 checked for shape and routed by `target.type` to the
 * module that plays that part of the platform (events, video alerts). The module answers with the
 * ack and the new versions to publish; the router publishes the versions first and the
 * zs.ack/1 after them on `{root}/acks/{hallId}`, so a hall that sees the ack already has (or is
 * about to get, in order, on the same connection) the new state.
 *
 * Delivery is at least once (the hall's outbox republishes what the broker never acknowledged),
 * so a repeated commandId gets the same ack again and changes nothing (mqtt-contract.md).
 */
import { zsCommandSchema, type ZsCommand } from '../contract'
import { toShanghaiIso } from './time'

export type AckErrorCode = 'stale_version' | 'invalid_transition' | 'unknown_target' | 'forbidden' | 'invalid'

/** What a part of the platform answers to one command. */
export type CommandOutcome =
  | { ok: true; resultVersion: number; publications: { topic: string; payload: object }[] }
  | { ok: false; code: AckErrorCode; message: string }

export type CommandHandler = (command: ZsCommand, nowMs: number) => CommandOutcome

export interface ZsAckMessage {
  schema: 'zs.ack/1'
  commandId: string
  ok: boolean
  error: { code: AckErrorCode; message: string } | null
  resultVersion: number | null
  at: string
}

export interface CommandRouterOptions {
  root: string
  publish(topic: string, payload: string): Promise<void>
  now?: () => number
  log?: (message: string) => void
  /** How many answered commandIds are remembered for repeats; default 5,000. */
  rememberAcks?: number
}

export interface CommandRouter {
  /** The topic filter to subscribe to (QoS 1). */
  readonly topic: string
  /** Registers the part of the platform that answers commands on one target type. */
  on(type: ZsCommand['target']['type'], handler: CommandHandler): void
  /** Handles one message from the command topic; resolves when versions and ack are published. */
  handle(topic: string, payload: Buffer | string): Promise<void>
  stats(): { commands: number; repeats: number; acksOk: number; acksFailed: number; unreadable: number }
}

export function commandTopicFilter(root: string): string {
  return `${root}/commands/+`
}

export function ackTopic(root: string, hallId: string): string {
  return `${root}/acks/${hallId}`
}

export function createCommandRouter(options: CommandRouterOptions): CommandRouter {
  const now = options.now ?? Date.now
  const log = options.log ?? (() => {})
  const remember = Math.max(1, options.rememberAcks ?? 5_000)
  const handlers = new Map<string, CommandHandler>()
  // Insertion-ordered, so the oldest answer is forgotten first.
  const answered = new Map<string, { topic: string; ack: ZsAckMessage }>()
  const counters = { commands: 0, repeats: 0, acksOk: 0, acksFailed: 0, unreadable: 0 }
  const prefix = `${options.root}/commands/`

  function ack(commandId: string, outcome: CommandOutcome, nowMs: number): ZsAckMessage {
    return {
      schema: 'zs.ack/1',
      commandId,
      ok: outcome.ok,
      error: outcome.ok ? null : { code: outcome.code, message: outcome.message },
      resultVersion: outcome.ok ? outcome.resultVersion : null,
      at: toShanghaiIso(nowMs),
    }
  }

  async function answer(topic: string, message: ZsAckMessage): Promise<void> {
    await options.publish(topic, JSON.stringify(message))
    if (message.ok) counters.acksOk++
    else counters.acksFailed++
  }

  return {
    topic: commandTopicFilter(options.root),
    on(type, handler) {
      handlers.set(type, handler)
    },
    async handle(topic, payload) {
      if (!topic.startsWith(prefix)) return
      const topicHall = topic.slice(prefix.length)
      if (!topicHall || topicHall.includes('/')) return
      const replyTo = ackTopic(options.root, topicHall)
      let raw: unknown
      try {
        raw = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'))
      } catch {
        counters.unreadable++
        log(`command on ${topic} is not JSON; no commandId to answer`)
        return
      }
      const commandId = (raw as { commandId?: unknown } | null)?.commandId
      const repeat = typeof commandId === 'string' ? answered.get(commandId) : undefined
      if (repeat) {
        counters.repeats++
        await answer(repeat.topic, repeat.ack)
        return
      }
      counters.commands++
      const t = now()
      const parsed = zsCommandSchema.safeParse(raw)
      let outcome: CommandOutcome
      if (!parsed.success) {
        if (typeof commandId !== 'string' || !commandId) {
          counters.unreadable++
          log(`command on ${topic} has no commandId; not answered`)
          return
        }
        const first = parsed.error.issues[0]
        outcome = {
          ok: false,
          code: 'invalid',
          message: `not a zs.command/1: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'schema'}`,
        }
      } else if (parsed.data.hallId !== topicHall) {
        outcome = {
          ok: false,
          code: 'invalid',
          message: `hallId "${parsed.data.hallId}" does not match the topic's "${topicHall}"`,
        }
      } else {
        const handler = handlers.get(parsed.data.target.type)
        outcome = handler
          ? handler(parsed.data, t)
          : {
              ok: false,
              code: 'unknown_target',
              message: `this platform does not handle ${parsed.data.target.type} commands`,
            }
      }
      const message = ack(commandId as string, outcome, t)
      answered.set(message.commandId, { topic: replyTo, ack: message })
      while (answered.size > remember) answered.delete(answered.keys().next().value!)
      if (outcome.ok) {
        for (const p of outcome.publications) await options.publish(p.topic, JSON.stringify(p.payload))
      }
      await answer(replyTo, message)
    },
    stats: () => ({ ...counters }),
  }
}
