/**
 * The county platform's answer to a hall's zs.command/1 on an event (mqtt-contract.md): check the
 * command, its params, the target, the base version and the lifecycle; reply with a zs.ack/1 and,
 * when accepted, the event's next version. And the platform's own later steps on a dispatched
 * event: the unit's receipt or return, then its feedback. Pure: the caller passes the time and
 * the random stream and publishes what comes back.
 */
import { parseCommandParams, type EventAction, type Satisfaction, type ZsCommand, type ZsEvent } from '../contract'
import { checkEventAction } from '../contract/lifecycle'
import type { AckErrorCode } from './command-router'
import type { RegistryUnit } from './county'
import { deadlineFor, HUB_NAME, versionWithStatus } from './lifecycle'
import type { Rng } from './random'
import { HOUR, MINUTE, parseIso, toShanghaiIso } from './time'

export interface CommandContext {
  /** Time of the answer (ms). */
  at: number
  units: readonly RegistryUnit[]
}

export type EventCommandDecision = { ok: true; next: ZsEvent } | { ok: false; code: AckErrorCode; message: string }

/**
 * What the platform does with one zs.command/1 on an event (the command router has checked its
 * shape; `current` is the platform's latest version, undefined when it does not know the event).
 * The order of the checks: the action and its params (`invalid`), the target
 * (`unknown_target`), the base version (`stale_version` — the hall acted on a state that is no
 * longer current), then the lifecycle (`invalid_transition`). Accepted: the next version.
 */
export function decideEventCommand(
  current: ZsEvent | undefined,
  command: ZsCommand,
  ctx: CommandContext,
): EventCommandDecision {
  const fail = (code: AckErrorCode, message: string): EventCommandDecision => ({ ok: false, code, message })
  const params = parseCommandParams('event', command.action, command.params)
  if (!params.ok) return fail('invalid', params.issues.map((i) => `${i.path}: ${i.message}`).join('; '))
  const action = command.action as EventAction
  if (!current) return fail('unknown_target', `event ${command.target.id} is not known to the platform`)
  if (command.target.baseVersion !== current.version)
    return fail('stale_version', `event is at version ${current.version}`)
  const check = checkEventAction(action, current)
  if (!check.ok) return fail('invalid_transition', `${action} is not possible: the event is ${current.status}`)

  const p = params.params
  const atMs = Math.max(ctx.at, parseIso(current.updatedAt) || 0)
  const at = toShanghaiIso(atMs)
  const by = `${HUB_NAME} ${command.operator.name}`
  const note = (text: unknown, fallback: string) => (typeof text === 'string' && text.trim() ? text.trim() : fallback)
  const next: ZsEvent = {
    ...current,
    version: current.version + 1,
    status: check.to ?? current.status,
    updatedAt: at,
  }
  switch (action) {
    case 'accept':
      next.lastAction = { action, by, at, note: note(p.note, '已受理，按首接责任制办理') }
      break
    case 'reject':
      next.lastAction = { action, by, at, note: p.note ? `${String(p.reason)}；${String(p.note)}` : String(p.reason) }
      break
    case 'dispatch': {
      const unit = ctx.units.find((u) => u.id === p.unitId)
      if (!unit) return fail('invalid', `params.unitId: unit ${String(p.unitId)} is not in the registry`)
      const deadlineMs = parseIso(p.deadline as string)
      if (!(deadlineMs > atMs)) return fail('invalid', 'params.deadline: the deadline has already passed')
      next.assignee = { unitId: unit.id, unitName: unit.name }
      next.deadline = toShanghaiIso(deadlineMs)
      next.satisfaction = null
      next.lastAction = {
        action: current.status === 'returned' ? 'redispatch' : 'dispatch',
        by,
        at,
        note: note(p.note, `请${unit.name}牵头办理，按时限反馈`),
      }
      break
    }
    case 'supervise':
      next.supervision = { level: p.level as number, note: note(p.note, '请加快办理，按时限反馈'), by, at }
      next.lastAction = { action, by, at, note: note(p.note, `${String(p.level)}级督办`) }
      break
    case 'record_visit':
      next.satisfaction = p.satisfaction as Satisfaction
      next.lastAction = { action, by, at, note: note(p.note, '已回访') }
      break
    case 'close':
      next.lastAction = { action, by, at, note: note(p.note, '处置完毕，办结归档') }
      break
    case 'reopen':
      // The same unit does it again, with a fresh time limit.
      next.deadline = deadlineFor(current.severity, atMs)
      next.lastAction = { action, by, at, note: p.note ? `${String(p.reason)}；${String(p.note)}` : String(p.reason) }
      break
    case 'comment':
      next.lastAction = { action, by, at, note: String(p.note) }
      break
  }
  return { ok: true, next }
}

/** Which side moves an event on from its status: the hall (by command) or the unit (on the platform). */
export function stepOwner(status: ZsEvent['status']): 'hall' | 'unit' | null {
  switch (status) {
    case 'dispatched':
    case 'in_progress':
      return 'unit'
    case 'rejected':
    case 'closed':
      return null
    default:
      return 'hall'
  }
}

export interface UnitStepOptions {
  /** Share of dispatches the unit sends back (退回); default 0.1. */
  returnRate: number
  /** Simulated time passes this many times faster than real time; default 60 (a minute a second). */
  timeScale: number
  /** Longest real wait for a unit's step (so a 7-day deadline still moves in the demo); default 3 min. */
  maxDelayMs: number
}

export const DEFAULT_UNIT_STEP_OPTIONS: UnitStepOptions = { returnRate: 0.1, timeScale: 60, maxDelayMs: 3 * MINUTE }

/**
 * The unit's next step on an event the hall dispatched: receipt (签收, → in_progress) or return
 * (退回, → returned) after a dispatch, feedback (反馈, → resolved) after the receipt. Null when the
 * next step is not the unit's.
 */
export function unitStep(event: ZsEvent, rng: Rng, at: number, units: readonly RegistryUnit[], o: UnitStepOptions) {
  const to =
    event.status === 'dispatched'
      ? rng.chance(o.returnRate)
        ? 'returned'
        : 'in_progress'
      : event.status === 'in_progress'
        ? 'resolved'
        : null
  return to ? versionWithStatus(event, to, { rng, at, units }) : null
}

/**
 * Real milliseconds until the unit's next step on the compressed clock: a receipt within 3–20
 * simulated minutes, feedback after 10–80 % of the time left to the deadline (at least 20 minutes).
 */
export function unitDelayMs(event: ZsEvent, rng: Rng, nowMs: number, o: UnitStepOptions): number {
  let simulated: number
  if (event.status === 'dispatched') simulated = rng.int(3, 20) * MINUTE
  else {
    const left = parseIso(event.deadline) - nowMs
    const window = Number.isFinite(left) && left > 0 ? left : 4 * HOUR
    simulated = Math.max(20 * MINUTE, window * (0.1 + 0.7 * rng.next()))
  }
  return Math.min(o.maxDelayMs, Math.round(simulated / Math.max(1, o.timeScale)))
}
