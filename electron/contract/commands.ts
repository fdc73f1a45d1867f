/**
 * Commands the hall sends to the platform (zs.command/1) and the platform's answers (zs.ack/1),
 * per mqtt-contract.md. Params are checked per action before a command enters the outbox, so a
 * wrong field is explained to the operator instead of being refused by the platform later.
 */
import { z } from 'zod'
import { isoTimestamp, SATISFACTIONS } from './payloads'

const note = z.string().trim().max(2000)
const reason = z.string().trim().min(1, '请填写原因').max(500)
const deadline = isoTimestamp

/** Params per action, by target type. */
export const EVENT_ACTION_PARAMS = {
  accept: z.object({ note: note.optional() }),
  reject: z.object({ reason, note: note.optional() }),
  dispatch: z.object({ unitId: z.string().min(1, '请选择承办单位').max(64), deadline, note: note.optional() }),
  supervise: z.object({ level: z.int().min(1).max(3), note: note.optional() }),
  record_visit: z.object({ satisfaction: z.enum(SATISFACTIONS), note: note.optional() }),
  close: z.object({ note: note.optional() }),
  reopen: z.object({ reason, note: note.optional() }),
  comment: z.object({ note: z.string().trim().min(1, '请填写内容').max(2000) }),
} as const

export const VIDEO_ALERT_ACTION_PARAMS = {
  confirm: z.object({ note: note.optional() }),
  dismiss: z.object({ reason, note: note.optional() }),
  forward_property: z.object({ deadline, note: note.optional() }),
  verify: z.object({ note: note.optional() }),
} as const

export type EventAction = keyof typeof EVENT_ACTION_PARAMS
export type VideoAlertAction = keyof typeof VIDEO_ALERT_ACTION_PARAMS
export const EVENT_ACTIONS = Object.keys(EVENT_ACTION_PARAMS) as EventAction[]
export const VIDEO_ALERT_ACTIONS = Object.keys(VIDEO_ALERT_ACTION_PARAMS) as VideoAlertAction[]

export const commandTargetSchema = z.object({
  type: z.enum(['event', 'video_alert']),
  id: z.string().min(1).max(64),
  baseVersion: z.int().min(1),
})

export const operatorSchema = z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(100) })

export const zsCommandSchema = z.looseObject({
  schema: z.literal('zs.command/1'),
  commandId: z.string().min(1).max(64),
  hallId: z.string().min(1).max(128),
  target: commandTargetSchema,
  action: z.string().min(1).max(64),
  params: z.record(z.string(), z.unknown()),
  operator: operatorSchema,
  issuedAt: isoTimestamp,
  drill: z.boolean(),
})
export type ZsCommand = z.infer<typeof zsCommandSchema>

export const ACK_ERROR_CODES = [
  'stale_version',
  'invalid_transition',
  'unknown_target',
  'forbidden',
  'invalid',
] as const

export const zsAckSchema = z.looseObject({
  schema: z.literal('zs.ack/1'),
  commandId: z.string().min(1).max(64),
  ok: z.boolean(),
  // Unknown codes are kept as given: the platform may add codes before the contract says so.
  error: z.looseObject({ code: z.string().min(1).max(64), message: z.string().max(2000).nullish() }).nullish(),
  resultVersion: z.int().min(1).nullish(),
  at: isoTimestamp,
})
export type ZsAck = z.infer<typeof zsAckSchema>
export const ACK_MAX_BYTES = 64 * 1024

/** Checks an action and its params for a target type; returns the parsed params or the problems. */
export function parseCommandParams(
  type: 'event' | 'video_alert',
  action: string,
  params: unknown,
): { ok: true; params: Record<string, unknown> } | { ok: false; issues: { path: string; message: string }[] } {
  const table: Record<string, z.ZodType> = type === 'event' ? EVENT_ACTION_PARAMS : VIDEO_ALERT_ACTION_PARAMS
  const schema = Object.hasOwn(table, action) ? table[action] : undefined
  if (!schema) return { ok: false, issues: [{ path: 'action', message: `“${action}” is not an action on a ${type}` }] }
  const r = schema.safeParse(params ?? {})
  if (r.success) return { ok: true, params: r.data as Record<string, unknown> }
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({ path: ['params', ...i.path.map(String)].join('.'), message: i.message })),
  }
}

export const OUTBOX_STATES = ['pending', 'sent', 'acknowledged', 'failed'] as const
export type OutboxState = (typeof OUTBOX_STATES)[number]
