import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SLA_SETTINGS,
  formatCountdown,
  needsAcceptReminder,
  slaState,
  type EventSummary,
} from '../../../electron/contract'
import {
  actionsFor,
  bulkTargets,
  commandPhase,
  emptyForm,
  explainAckError,
  formToParams,
  isTypingTarget,
  neighbourKey,
  proposedDeadline,
  toHallIso,
  validateForm,
} from './workbenchModel'
import { testSummary } from '../testing/events'

const NOW = Date.parse('2026-11-28T10:00:00+08:00')
const HOUR = 3_600_000

const summary = (o: Partial<EventSummary>): EventSummary =>
  testSummary({ category: 'noise', severity: 2, title: 't', township: null, ...o })

describe('actions offered', () => {
  it('follows the lifecycle: only what the state allows', () => {
    expect(actionsFor({ status: 'reported' })).toEqual(['accept', 'supervise', 'reject', 'comment'])
    expect(actionsFor({ status: 'accepted' })).toEqual(['dispatch', 'supervise', 'comment'])
    expect(actionsFor({ status: 'in_progress' })).toEqual(['supervise', 'comment'])
    expect(actionsFor({ status: 'visited', satisfaction: 'dissatisfied' })).toContain('reopen')
    expect(actionsFor({ status: 'visited', satisfaction: 'basically_satisfied' })).not.toContain('reopen')
    expect(actionsFor({ status: 'rejected' })).toEqual(['comment'])
  })

  it('bulk actions take only the events that allow them', () => {
    const rows = [
      summary({ id: 'A', key: 'A', status: 'reported' }),
      summary({ id: 'B', key: 'B', status: 'accepted' }),
      summary({ id: 'C', key: 'C', status: 'returned' }),
    ]
    expect(bulkTargets(rows, 'accept').map((r) => r.id)).toEqual(['A'])
    expect(bulkTargets(rows, 'dispatch').map((r) => r.id)).toEqual(['B', 'C'])
  })
})

describe('forms', () => {
  it('explains each wrong field', () => {
    expect(validateForm('dispatch', emptyForm(), NOW)).toEqual({
      unitId: 'unitRequired',
      deadlineMs: 'deadlineRequired',
    })
    expect(validateForm('dispatch', { ...emptyForm(), unitId: 'U-ECO', deadlineMs: NOW - 1 }, NOW)).toEqual({
      deadlineMs: 'deadlinePast',
    })
    expect(validateForm('reject', emptyForm(), NOW)).toEqual({ reason: 'reasonRequired' })
    expect(validateForm('reject', { ...emptyForm(), reason: 'other' }, NOW)).toEqual({
      reasonText: 'reasonTextRequired',
    })
    expect(validateForm('reject', { ...emptyForm(), reason: 'duplicate' }, NOW)).toEqual({})
    expect(validateForm('supervise', emptyForm(), NOW)).toEqual({ level: 'levelRequired' })
    expect(validateForm('record_visit', emptyForm(), NOW)).toEqual({ satisfaction: 'satisfactionRequired' })
    expect(validateForm('comment', { ...emptyForm(), note: '   ' }, NOW)).toEqual({ note: 'commentRequired' })
    expect(validateForm('reopen', emptyForm(), NOW)).toEqual({ reasonText: 'reasonTextRequired' })
    expect(validateForm('accept', { ...emptyForm(), note: 'x'.repeat(2001) }, NOW)).toEqual({ note: 'noteTooLong' })
    expect(validateForm('accept', emptyForm(), NOW)).toEqual({})
  })

  it('turns a checked form into the contract’s params', () => {
    const label = (r: string) => ({ duplicate: '重复件' })[r] ?? r
    expect(formToParams('reject', { ...emptyForm(), reason: 'duplicate', reasonText: '与EV-9重复' }, label)).toEqual({
      reason: '重复件；与EV-9重复',
    })
    expect(
      formToParams('dispatch', { ...emptyForm(), unitId: 'U-ECO', deadlineMs: NOW + HOUR, note: ' 速办 ' }, label),
    ).toEqual({
      unitId: 'U-ECO',
      deadline: '2026-11-28T11:00:00+08:00',
      note: '速办',
    })
    expect(formToParams('supervise', { ...emptyForm(), level: 2 }, label)).toEqual({ level: 2 })
    expect(formToParams('accept', emptyForm(), label)).toEqual({})
    expect(toHallIso(Date.parse('2026-11-28T02:00:00Z'))).toBe('2026-11-28T10:00:00+08:00')
  })

  it('proposes the deadline from the time-limit table: first matching row', () => {
    const rules = DEFAULT_SLA_SETTINGS.timeLimits
    expect(proposedDeadline(rules, { category: 'noise', severity: 4 }, NOW)).toBe(NOW + 2 * HOUR)
    expect(proposedDeadline(rules, { category: 'heating', severity: 1 }, NOW)).toBe(NOW + 24 * HOUR)
    expect(proposedDeadline(rules, { category: 'noise', severity: 3 }, NOW)).toBe(NOW + 24 * HOUR)
    expect(proposedDeadline(rules, { category: 'land_dispute', severity: 2 }, NOW)).toBe(NOW + 15 * 24 * HOUR)
    expect(proposedDeadline(rules, { category: 'noise', severity: 1 }, NOW)).toBe(NOW + 7 * 24 * HOUR)
    expect(proposedDeadline([], { category: 'noise', severity: 1 }, NOW)).toBeNull()
  })
})

describe('commands and the platform’s answers', () => {
  it('stays pending until the ack and the new version are both here', () => {
    expect(commandPhase({ state: 'pending', resultVersion: null }, 1)).toBe('sending')
    expect(commandPhase({ state: 'sent', resultVersion: null }, 1)).toBe('waiting_ack')
    expect(commandPhase({ state: 'acknowledged', resultVersion: 2 }, 1)).toBe('waiting_version')
    expect(commandPhase({ state: 'acknowledged', resultVersion: 2 }, 2)).toBe('done')
    expect(commandPhase({ state: 'failed', resultVersion: null }, 1)).toBe('failed')
  })

  it('explains refusals', () => {
    expect(explainAckError({ code: 'stale_version', message: 'event is at version 4' })).toEqual({
      key: 'staleVersionN',
      params: { version: '4' },
    })
    expect(explainAckError({ code: 'invalid_transition', message: 'x' }).key).toBe('invalidTransition')
    expect(explainAckError({ code: 'brand_new', message: 'm' })).toEqual({
      key: 'other',
      params: { code: 'brand_new', message: 'm' },
    })
  })
})

describe('SLA clocks and reminders', () => {
  it('classifies deadlines', () => {
    const e = (deadline: string | null, status: EventSummary['status'] = 'dispatched') => ({ status, deadline })
    expect(slaState(e(toHallIso(NOW - 1)), NOW, 2)).toBe('overdue')
    expect(slaState(e(toHallIso(NOW + HOUR)), NOW, 2)).toBe('due_soon')
    expect(slaState(e(toHallIso(NOW + 3 * HOUR)), NOW, 2)).toBe('on_time')
    expect(slaState(e(toHallIso(NOW - HOUR), 'resolved'), NOW, 2)).toBe('none')
    expect(slaState(e(null), NOW, 2)).toBe('none')
  })

  it('formats the countdown', () => {
    expect(formatCountdown(2 * HOUR + 5 * 60_000 + 9_000)).toBe('2:05:09')
    expect(formatCountdown(-(12 * 60_000 + 30_000))).toBe('-0:12:30')
    expect(formatCountdown(3 * 24 * HOUR + 4 * HOUR, { day: '天', hour: '时' })).toBe('3天4时')
  })

  it('reminds when a new event waits past its severity’s threshold', () => {
    const m = DEFAULT_SLA_SETTINGS.reminderMinutes
    const ev = (severity: number, waitedMin: number, status: EventSummary['status'] = 'reported') => ({
      status,
      severity,
      reportedAt: toHallIso(NOW - waitedMin * 60_000),
      receivedAt: toHallIso(NOW - waitedMin * 60_000),
    })
    expect(needsAcceptReminder(ev(4, 3), NOW, m)).toBe(true)
    expect(needsAcceptReminder(ev(4, 1), NOW, m)).toBe(false)
    expect(needsAcceptReminder(ev(1, 14), NOW, m)).toBe(false)
    expect(needsAcceptReminder(ev(1, 16), NOW, m)).toBe(true)
    expect(needsAcceptReminder(ev(4, 30, 'accepted'), NOW, m)).toBe(false)
  })
})

describe('keyboard', () => {
  it('moves j/k through the rows and stays at the ends', () => {
    const rows = [{ key: 'a' }, { key: 'b' }, { key: 'c' }]
    expect(neighbourKey(rows, null, 1)).toBe('a')
    expect(neighbourKey(rows, 'a', 1)).toBe('b')
    expect(neighbourKey(rows, 'c', 1)).toBe('c')
    expect(neighbourKey(rows, 'a', -1)).toBe('a')
    expect(neighbourKey(rows, 'gone', -1)).toBe('a')
    expect(neighbourKey([], null, 1)).toBeNull()
    expect(isTypingTarget({ tagName: 'input' })).toBe(true)
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true)
    expect(isTypingTarget({ tagName: 'DIV' })).toBe(false)
  })
})
