/**
 * The hall's actions on an event and the lifecycle of mqtt-contract.md (`zs.event/1` status):
 * which action is valid in which state and which status it leads to. Isomorphic and pure: the
 * workbench offers only the actions valid in an event's state, and the simulated platform checks
 * each zs.command/1 against the same table, so the two cannot disagree.
 */
import type { EventAction } from './commands'
import type { EventStatus, Satisfaction } from './payloads'

/** Statuses allowed to follow each status, exactly as the contract lists them. */
export const STATUS_TRANSITIONS: Readonly<Record<EventStatus, readonly EventStatus[]>> = {
  reported: ['accepted', 'rejected'],
  accepted: ['dispatched'],
  dispatched: ['in_progress', 'returned'],
  returned: ['dispatched'],
  in_progress: ['resolved'],
  resolved: ['visited', 'closed'],
  // dispatched again = reopened after 不满意
  visited: ['closed', 'dispatched'],
  rejected: [],
  closed: [],
}

export const isTerminalStatus = (status: EventStatus) => STATUS_TRANSITIONS[status].length === 0

/** Open = still somebody's work: not rejected, and not finished (resolved, visited, closed). */
export const OPEN_STATUSES: readonly EventStatus[] = ['reported', 'accepted', 'dispatched', 'returned', 'in_progress']
export const isOpenStatus = (status: EventStatus) => OPEN_STATUSES.includes(status)

/**
 * Per hall action: the statuses it may be taken in and the status it leads to (`null`: the
 * status stays, only a new version with the action is published — 督办 and comments).
 */
export const EVENT_ACTION_RULES: Readonly<
  Record<EventAction, { from: readonly EventStatus[]; to: EventStatus | null }>
> = {
  accept: { from: ['reported'], to: 'accepted' },
  reject: { from: ['reported'], to: 'rejected' },
  dispatch: { from: ['accepted', 'returned'], to: 'dispatched' },
  supervise: { from: ['reported', 'accepted', 'dispatched', 'returned', 'in_progress'], to: null },
  record_visit: { from: ['resolved'], to: 'visited' },
  close: { from: ['resolved', 'visited'], to: 'closed' },
  // 不满意 → 重办: the platform dispatches the event again.
  reopen: { from: ['visited'], to: 'dispatched' },
  comment: {
    from: [
      'reported',
      'accepted',
      'rejected',
      'dispatched',
      'returned',
      'in_progress',
      'resolved',
      'visited',
      'closed',
    ],
    to: null,
  },
}

/** The order actions are offered in (the most likely next step first). */
export const EVENT_ACTION_ORDER: readonly EventAction[] = [
  'accept',
  'dispatch',
  'record_visit',
  'close',
  'reopen',
  'supervise',
  'reject',
  'comment',
]

export interface EventActionState {
  status: EventStatus
  satisfaction?: Satisfaction | null
}

export type ActionCheck = { ok: true; to: EventStatus | null } | { ok: false; reason: string }

/**
 * Whether `action` may be taken on an event in `state`. Reopening needs a return visit with
 * 不满意 (the contract: "visited → dispatched (reopened after 不满意)").
 */
export function checkEventAction(action: EventAction, state: EventActionState): ActionCheck {
  const rule = EVENT_ACTION_RULES[action]
  if (!rule.from.includes(state.status))
    return { ok: false, reason: `${action} is not possible in status ${state.status}` }
  if (action === 'reopen' && state.satisfaction !== 'dissatisfied')
    return { ok: false, reason: 'reopen needs a return visit with satisfaction dissatisfied' }
  return { ok: true, to: rule.to }
}

/** The actions valid in the event's state, in the order they are offered. */
export function availableEventActions(state: EventActionState): EventAction[] {
  return EVENT_ACTION_ORDER.filter((a) => checkEventAction(a, state).ok)
}
