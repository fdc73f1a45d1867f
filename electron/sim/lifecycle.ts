/**
 * The event lifecycle of the MQTT contract (mqtt-contract.md, `zs.event/1` status), as the
 * platform plays it: which status may follow which, and how a next version of an event looks.
 * Pure: the caller passes the random stream and the clock.
 */
import type { EventStatus, Satisfaction, Severity, ZsEvent } from '../contract'
import { STATUS_TRANSITIONS } from '../contract/lifecycle'
import { categoryInfo, TOWNSHIP_UNIT } from './catalog'
import type { RegistryUnit } from './county'
import { townshipUnitId } from './county'
import { personName } from './names'
import type { Rng } from './random'
import { DAY, HOUR, parseIso, toShanghaiIso } from './time'

/** The contract's transitions: one table shared with the hall's workbench (contract/lifecycle.ts). */
const TRANSITIONS = STATUS_TRANSITIONS

/** Statuses allowed to follow `status`, exactly as the contract lists them. */
export function nextStatuses(status: EventStatus): readonly EventStatus[] {
  return TRANSITIONS[status]
}

/** Statuses a brand-new event (version 1) may have: reported, or resolved on the spot. */
export const INITIAL_STATUSES: readonly EventStatus[] = ['reported', 'resolved']

export function isTerminal(status: EventStatus): boolean {
  return TRANSITIONS[status].length === 0
}

/** 办理时限 by severity: 特别重大 2 h, 重大 24 h, 较大 3 days, 一般 7 days. */
export const DEADLINE_MS: Readonly<Record<Severity, number>> = { 4: 2 * HOUR, 3: 24 * HOUR, 2: 3 * DAY, 1: 7 * DAY }

export function deadlineFor(severity: Severity, fromMs: number): string {
  return toShanghaiIso(fromMs + DEADLINE_MS[severity])
}

/** The hall's own name in `lastAction.by` for what the hall does (accept, dispatch, close …). */
export const HUB_NAME = '县综治中心'
/** The duty officers the simulated hall acts as. */
const DUTY_OFFICERS: readonly string[] = ['李娜', '王磊', '赵敏', '郭强', '武丽']

const REJECT_REASONS: readonly string[] = [
  '重复件，已与在办事件合并处理',
  '不属于本平台受理范围，已告知反映人通过司法途径解决',
  '反映内容不具体，经电话联系反映人无法补充，暂不受理',
  '属于行业内部管理事项，已引导反映人向主管单位咨询',
]
const RETURN_REASONS: readonly string[] = [
  '经核实不属于我单位职责，建议改派属地乡镇',
  '该事项涉及多部门，请指挥中心明确牵头单位',
  '现场核查地址有误，请核实后重新派遣',
]
const VISIT_NOTES: Readonly<Record<Satisfaction, readonly string[]>> = {
  satisfied: ['电话回访，群众对处理结果表示满意', '网格员上门回访，群众满意'],
  basically_satisfied: ['电话回访，群众表示基本满意，希望加强日常管理', '回访群众，问题基本解决'],
  dissatisfied: ['电话回访，群众表示问题未彻底解决，不满意', '回访时群众反映问题反复出现，不满意'],
}

export interface StepContext {
  rng: Rng
  /** Wall-clock time of the step (ms); the version's updatedAt is never earlier than the previous one. */
  at: number
  units: readonly RegistryUnit[]
}

function unitFor(ref: string, event: ZsEvent, units: readonly RegistryUnit[]): RegistryUnit | undefined {
  const id = ref === TOWNSHIP_UNIT ? townshipUnitId(event.location.townshipCode) : ref
  return units.find((u) => u.id === id)
}

/** Who handles the event: the category's units, preferring one that has not just had it. */
function chooseUnit(event: ZsEvent, ctx: StepContext): RegistryUnit {
  const candidates = categoryInfo(event.category)
    .units.map((ref) => unitFor(ref, event, ctx.units))
    .filter((u): u is RegistryUnit => u !== undefined)
  const fresh = candidates.filter((u) => u.id !== event.assignee?.unitId)
  const pool = fresh.length > 0 ? fresh : candidates
  if (pool.length > 0) return ctx.rng.pick(pool)
  const township = unitFor(TOWNSHIP_UNIT, event, ctx.units)
  if (township) return township
  if (ctx.units.length === 0) throw new Error('registry has no units to dispatch to')
  return ctx.rng.pick(ctx.units)
}

/** How the simulated platform chooses among the allowed next statuses. */
function chooseNext(event: ZsEvent, rng: Rng): EventStatus | null {
  const allowed = nextStatuses(event.status)
  if (allowed.length === 0) return null
  switch (event.status) {
    case 'reported':
      return rng.chance(0.06) ? 'rejected' : 'accepted'
    case 'dispatched':
      // A second return in a row is rare; the hall usually finds the right unit the second time.
      return rng.chance(event.lastAction?.action === 'redispatch' ? 0.03 : 0.1) ? 'returned' : 'in_progress'
    case 'resolved': {
      // 回访: citizens' and superiors' cases are nearly always visited; patrol findings less often.
      const visitRate = event.source === 'citizen' || event.source === 'referral' ? 0.85 : 0.4
      return rng.chance(visitRate) ? 'visited' : 'closed'
    }
    case 'visited':
      return event.satisfaction === 'dissatisfied' ? 'dispatched' : 'closed'
    default:
      return allowed[0]
  }
}

/**
 * The next version of an event, following the contract's transitions, or null when the event is
 * finished (rejected or closed). Fields that the transition does not touch are carried over.
 */
export function advanceEvent(event: ZsEvent, ctx: StepContext): ZsEvent | null {
  const status = chooseNext(event, ctx.rng)
  if (status === null) return null
  return versionWithStatus(event, status, ctx)
}

/**
 * The next version of an event moved to `status` (one of the contract's next statuses), with the
 * action, person and note that step has on the platform. Null when the move is not allowed.
 */
export function versionWithStatus(event: ZsEvent, status: EventStatus, ctx: StepContext): ZsEvent | null {
  if (!TRANSITIONS[event.status].includes(status)) return null
  const previous = parseIso(event.updatedAt)
  const atMs = Number.isFinite(previous) ? Math.max(ctx.at, previous) : ctx.at
  const at = toShanghaiIso(atMs)
  const officer = `${HUB_NAME} ${ctx.rng.pick(DUTY_OFFICERS)}`
  const assigneeName = event.assignee?.unitName ?? HUB_NAME
  const unitPerson = `${assigneeName} ${personName(ctx.rng)}`
  const next: ZsEvent = { ...event, version: event.version + 1, status, updatedAt: at }

  switch (status) {
    case 'accepted':
      next.lastAction = { action: 'accept', by: officer, at, note: '已受理，按首接责任制办理' }
      break
    case 'rejected':
      next.lastAction = { action: 'reject', by: officer, at, note: ctx.rng.pick(REJECT_REASONS) }
      break
    case 'dispatched': {
      const reopened = event.status === 'visited'
      const unit = chooseUnit(event, ctx)
      next.assignee = { unitId: unit.id, unitName: unit.name }
      next.deadline = deadlineFor(event.severity, atMs)
      next.satisfaction = reopened ? event.satisfaction : null
      const action = reopened ? 'reopen' : event.status === 'returned' ? 'redispatch' : 'dispatch'
      const note = reopened ? `回访不满意，重新派遣${unit.name}办理` : `请${unit.name}牵头办理，按时限反馈`
      next.lastAction = { action, by: officer, at, note }
      // Serious events are supervised (督办) from the moment they are dispatched.
      if (event.severity >= 3 && !event.supervision) {
        next.supervision = {
          level: event.severity === 4 ? 3 : 2,
          note: event.severity === 4 ? '县委主要领导批示：立即处置，随时报告进展' : '分管县领导督办：限时办结',
          by: '县委政法委',
          at,
        }
      }
      break
    }
    case 'returned':
      next.lastAction = { action: 'return', by: unitPerson, at, note: ctx.rng.pick(RETURN_REASONS) }
      next.deadline = null
      break
    case 'in_progress':
      next.lastAction = { action: 'receipt', by: unitPerson, at, note: '已签收，正在核查处置' }
      break
    case 'resolved':
      next.lastAction = {
        action: 'resolve',
        by: unitPerson,
        at,
        note: ctx.rng.pick(categoryInfo(event.category).feedback),
      }
      next.resolvedOnSite = false
      break
    case 'visited': {
      const satisfaction = ctx.rng.weighted<Satisfaction>([
        ['satisfied', 78],
        ['basically_satisfied', 16],
        ['dissatisfied', 6],
      ])
      next.satisfaction = satisfaction
      next.lastAction = { action: 'record_visit', by: officer, at, note: ctx.rng.pick(VISIT_NOTES[satisfaction]) }
      break
    }
    case 'closed':
      next.lastAction = { action: 'close', by: officer, at, note: '处置完毕，办结归档' }
      break
    case 'reported':
      // Never reached: nothing transitions back to reported.
      return null
  }
  return next
}

/**
 * A plausible wait before the next step, for replaying history (the backlog): the hall accepts in
 * minutes, units take hours to days depending on severity, visits happen within a day.
 */
export function typicalDelayMs(event: ZsEvent, rng: Rng): number {
  const minutes = (a: number, b: number): number => rng.int(a, b) * 60_000
  switch (event.status) {
    case 'reported':
      return minutes(2, 20)
    case 'accepted':
      return minutes(1, 15)
    case 'returned':
      return minutes(5, 40)
    case 'dispatched':
      return minutes(5, 60)
    case 'in_progress':
      // Most are done well inside the deadline; some run late (that is what 督办 is for).
      return Math.round(DEADLINE_MS[event.severity] * (rng.chance(0.12) ? 1 + rng.next() : 0.1 + rng.next() * 0.7))
    case 'resolved':
      return minutes(30, 720)
    case 'visited':
      return minutes(10, 180)
    default:
      return Number.POSITIVE_INFINITY
  }
}
