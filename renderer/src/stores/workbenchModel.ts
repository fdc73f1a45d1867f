/**
 * The workbench's rules as pure functions: which actions an event offers, how an action's form is
 * checked (a message key per wrong field, shown in Chinese next to the field), where a command
 * stands between "issued" and "the platform's new version is here", how the platform's refusal
 * is explained, and how the keyboard moves through the list. The store holds the state.
 */
import {
  availableEventActions,
  proposeDeadlineMs,
  type EventAction,
  type EventStatus,
  type EventSummary,
  type OutboxItem,
  type Satisfaction,
  type TimeLimitRule,
} from '../../../electron/contract'

export type { EventAction }

/** The actions an event offers in its state (a summary has no satisfaction: reopen needs the detail). */
export function actionsFor(state: { status: EventStatus; satisfaction?: Satisfaction | null }): EventAction[] {
  return availableEventActions(state)
}

/** Actions that open a form first; the others (accept, close) are one click. */
export const ACTIONS_WITH_FORM: readonly EventAction[] = [
  'reject',
  'dispatch',
  'supervise',
  'record_visit',
  'reopen',
  'comment',
]

/** 不予受理 reasons to choose from (free text may add to them). */
export const REJECT_REASONS = ['duplicate', 'out_of_scope', 'insufficient', 'internal_matter', 'other'] as const
export type RejectReason = (typeof REJECT_REASONS)[number]

export interface ActionForm {
  note: string
  reason: RejectReason | ''
  reasonText: string
  unitId: string
  /** The deadline as the date-time picker gives it (ms), null when empty. */
  deadlineMs: number | null
  level: number | null
  satisfaction: Satisfaction | ''
}

export const emptyForm = (): ActionForm => ({
  note: '',
  reason: '',
  reasonText: '',
  unitId: '',
  deadlineMs: null,
  level: null,
  satisfaction: '',
})

/** Field → message key (under `workbench.errors`), for every wrong field of the form. */
export type FormErrors = Partial<Record<keyof ActionForm, string>>

export const NOTE_MAX = 2000

export function validateForm(action: EventAction, f: ActionForm, nowMs: number): FormErrors {
  const e: FormErrors = {}
  if (f.note.length > NOTE_MAX) e.note = 'noteTooLong'
  switch (action) {
    case 'reject':
      if (!f.reason) e.reason = 'reasonRequired'
      else if (f.reason === 'other' && !f.reasonText.trim()) e.reasonText = 'reasonTextRequired'
      break
    case 'reopen':
      if (!f.reasonText.trim()) e.reasonText = 'reasonTextRequired'
      break
    case 'dispatch':
      if (!f.unitId) e.unitId = 'unitRequired'
      if (f.deadlineMs === null) e.deadlineMs = 'deadlineRequired'
      else if (f.deadlineMs <= nowMs) e.deadlineMs = 'deadlinePast'
      break
    case 'supervise':
      if (f.level === null || ![1, 2, 3].includes(f.level)) e.level = 'levelRequired'
      break
    case 'record_visit':
      if (!f.satisfaction) e.satisfaction = 'satisfactionRequired'
      break
    case 'comment':
      if (!f.note.trim()) e.note = 'commentRequired'
      break
  }
  return e
}

/** Hall time (+08:00) as the contract wants it: ISO 8601 with an offset. */
export function toHallIso(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`
}

/**
 * The command params of a checked form (`reasonLabel` turns a reason code into the words the
 * platform keeps). Empty notes are left out.
 */
export function formToParams(
  action: EventAction,
  f: ActionForm,
  reasonLabel: (r: RejectReason) => string,
): Record<string, unknown> {
  const note = f.note.trim() ? { note: f.note.trim() } : {}
  switch (action) {
    case 'reject': {
      const words = f.reason === 'other' ? f.reasonText.trim() : reasonLabel(f.reason as RejectReason)
      const extra = f.reason !== 'other' && f.reasonText.trim() ? `；${f.reasonText.trim()}` : ''
      return { reason: `${words}${extra}`, ...note }
    }
    case 'reopen':
      return { reason: f.reasonText.trim(), ...note }
    case 'dispatch':
      return { unitId: f.unitId, deadline: toHallIso(f.deadlineMs!), ...note }
    case 'supervise':
      return { level: f.level, ...note }
    case 'record_visit':
      return { satisfaction: f.satisfaction, ...note }
    default:
      return note
  }
}

/** The deadline a dispatch proposes for the event (null when the table has no matching row). */
export function proposedDeadline(
  rules: readonly TimeLimitRule[],
  e: Pick<EventSummary, 'category' | 'severity'>,
  nowMs: number,
): number | null {
  return proposeDeadlineMs(rules, e.category, e.severity, nowMs)
}

/**
 * Where a command stands: waiting for the broker (`sending`), for the platform's ack
 * (`waiting_ack`), for the new version the ack announced (`waiting_version`), `done`, or `failed`.
 */
export type CommandPhase = 'sending' | 'waiting_ack' | 'waiting_version' | 'done' | 'failed'

export function commandPhase(item: Pick<OutboxItem, 'state' | 'resultVersion'>, shownVersion: number): CommandPhase {
  switch (item.state) {
    case 'pending':
      return 'sending'
    case 'sent':
      return 'waiting_ack'
    case 'failed':
      return 'failed'
    case 'acknowledged':
      return item.resultVersion !== null && shownVersion < item.resultVersion ? 'waiting_version' : 'done'
  }
}

/** The platform's refusal, as a message key under `workbench.ackErrors` and its params. */
export function explainAckError(error: { code: string; message: string }): {
  key: string
  params: Record<string, string>
} {
  switch (error.code) {
    case 'stale_version': {
      const m = /version (\d+)/.exec(error.message)
      return m ? { key: 'staleVersionN', params: { version: m[1] } } : { key: 'staleVersion', params: {} }
    }
    case 'invalid_transition':
    case 'unknown_target':
    case 'forbidden':
    case 'invalid':
      return { key: camel(error.code), params: { message: error.message } }
    default:
      return { key: 'other', params: { code: error.code, message: error.message } }
  }
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())

/** j/k: the key of the row after (+1) or before (−1) the open one; the first row when none is open. */
export function neighbourKey(rows: readonly { key: string }[], openKey: string | null, step: 1 | -1): string | null {
  if (rows.length === 0) return null
  const i = openKey === null ? -1 : rows.findIndex((r) => r.key === openKey)
  if (i < 0) return rows[0].key
  const j = Math.min(rows.length - 1, Math.max(0, i + step))
  return rows[j].key
}

/** Whether a key press belongs to a text field (shortcuts must not fire while typing). */
export function isTypingTarget(target: { tagName?: string; isContentEditable?: boolean } | null): boolean {
  if (!target) return false
  const tag = (target.tagName ?? '').toUpperCase()
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable === true
}

/** The events of a selection on which a bulk action is possible (the others are skipped and counted). */
export function bulkTargets(rows: readonly EventSummary[], action: 'accept' | 'dispatch'): EventSummary[] {
  return rows.filter((r) => actionsFor(r).includes(action))
}
