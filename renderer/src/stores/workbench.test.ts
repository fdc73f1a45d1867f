/**
 * The workbench store against a fake engine: a command's way from issued to "new version shown",
 * a refusal (explained and followed by a re-read of what is shown), the queue's filters as params,
 * and the reminder ringing once per newly waiting event.
 */
import { describe, expect, it } from 'vitest'
import type { EventSummary, OutboxItem, QueueCounts } from '../../../electron/contract'
import { FakeEngine, settle, withFakeEngine } from '../testing/fakeEngine'
import { useConnectionStore } from './connection'
import { useEventsStore } from './events'
import { useWorkbenchStore } from './workbench'
import { testSummary } from '../testing/events'

const event = (over: Partial<EventSummary> = {}): EventSummary =>
  testSummary({ category: 'noise', severity: 2, title: '噪音', ...over })

const item = (over: Partial<OutboxItem>): OutboxItem => ({
  seq: 1,
  commandId: 'c-1',
  state: 'pending',
  target: { type: 'event', id: 'EV-1', baseVersion: 1, drillRunId: null },
  action: 'accept',
  params: {},
  operator: { id: 'officer1', name: '张值班' },
  issuedAt: '2026-11-28T09:01:00+08:00',
  attempts: 1,
  sentAt: null,
  settledAt: null,
  error: null,
  resultVersion: null,
  ...over,
})

const counts = (waitingTooLong: number): QueueCounts => ({
  generatedAt: '2026-11-28T09:00:00+08:00',
  unaccepted: 3,
  due_soon: 0,
  overdue: 0,
  supervised: 0,
  all: 3,
  waitingTooLong,
  oldestWaitingSince: null,
})

describe('workbench store', () => {
  let fake: FakeEngine
  withFakeEngine((f) => (fake = f))

  async function started() {
    useConnectionStore().start()
    await settle()
    fake.answerAppInfo()
    await settle()
    const wb = useWorkbenchStore()
    const stop = wb.activate()
    await settle()
    fake.take('events.queueCounts').resolve(counts(0))
    fake.take('events.queue').resolve({ items: [event()], nextOffset: null })
    fake.take('registry.get').resolve({ version: 1, receivedAt: null, registry: null })
    fake.take('sla.getSettings').resolve({ settings: undefined, updatedAt: null, updatedBy: null })
    await settle()
    return { wb, stop }
  }

  it('asks the queue for the tab with the list’s and its own filters', async () => {
    const { wb } = await started()
    const events = useEventsStore()
    events.filters.townshipCode = '140724100'
    wb.queueFilters.villageCode = '140724100201'
    wb.queueFilters.domain = 'service'
    events.filters.status = 'closed' // the list's own; a tab defines its statuses itself
    await settle()
    const calls = fake.calls.filter((c) => c.method === 'events.queue')
    expect(calls.at(-1)?.params).toMatchObject({
      tab: 'unaccepted',
      townshipCode: '140724100',
      villageCode: '140724100201',
      domain: 'service',
    })
    expect(calls.at(-1)?.params).not.toHaveProperty('status')
  })

  it('follows a command until the platform’s new version is shown', async () => {
    const { wb } = await started()
    const done = wb.issue(event(), 'accept', {})
    await settle()
    const call = fake.take('commands.issue')
    expect(call.params).toEqual({ target: { type: 'event', id: 'EV-1', baseVersion: 1 }, action: 'accept', params: {} })
    expect(call.params).not.toHaveProperty('operator') // the engine takes it from the session
    call.resolve(item({ state: 'pending' }))
    expect(await done).toBe(true)
    expect(wb.phaseOf('EV-1')).toBe('sending')
    fake.emit('outbox.onDidChange', { items: [item({ state: 'sent' })] })
    expect(wb.phaseOf('EV-1')).toBe('waiting_ack')
    fake.emit('outbox.onDidChange', { items: [item({ state: 'acknowledged', resultVersion: 2 })] })
    expect(wb.phaseOf('EV-1')).toBe('waiting_version')
    fake.emit('events.onDidChange', { items: [event({ version: 2, status: 'accepted' })] })
    expect(wb.phaseOf('EV-1')).toBe('done')
  })

  it('keeps versions only for events with a command in flight, not for every event that goes by', async () => {
    const { wb } = await started()
    for (let b = 0; b < 20; b++)
      fake.emit('events.onDidChange', {
        items: Array.from({ length: 500 }, (_, i) =>
          event({ key: `EV-S-${b}-${i}`, id: `EV-S-${b}-${i}`, version: 1 }),
        ),
      })
    expect(wb.versionsKept()).toBe(0)
    const done = wb.issue(event(), 'accept', {})
    await settle()
    fake.take('commands.issue').resolve(item({ state: 'sent' }))
    expect(await done).toBe(true)
    fake.emit('outbox.onDidChange', { items: [item({ state: 'acknowledged', resultVersion: 2 })] })
    fake.emit('events.onDidChange', { items: [event({ version: 2, status: 'accepted' })] })
    expect(wb.phaseOf('EV-1')).toBe('done')
    wb.settle('EV-1')
    expect(wb.versionsKept()).toBe(0)
  })

  it('keeps a refusal and re-reads what is shown', async () => {
    const { wb } = await started()
    const events = useEventsStore()
    events.activateList()
    await settle()
    while (fake.pendingCount('events.list')) fake.take('events.list').resolve({ items: [], nextCursor: null })
    void wb.issue(event(), 'accept', {})
    await settle()
    fake.take('commands.issue').resolve(item({ state: 'sent' }))
    await settle()
    fake.emit('outbox.onDidChange', {
      items: [item({ state: 'failed', error: { code: 'stale_version', message: 'event is at version 2' } })],
    })
    await settle()
    expect(wb.phaseOf('EV-1')).toBe('failed')
    expect(wb.refusals.get('EV-1')).toEqual({
      action: 'accept',
      code: 'stale_version',
      message: 'event is at version 2',
    })
    expect(fake.pendingCount('events.list')).toBe(1) // the list is read again
  })

  it('explains a command the engine refused before the outbox', async () => {
    const { wb } = await started()
    const done = wb.issue(event(), 'accept', {})
    await settle()
    fake.take('commands.issue').reject(new Error('commands need a signed-in operator'))
    expect(await done).toBe(false)
    expect(wb.phaseOf('EV-1')).toBe('failed')
    expect(wb.tracked.get('EV-1')?.callError).toMatch(/signed-in operator/)
  })

  it('rings once for each rise of the events waiting too long, not while it stays', async () => {
    const { wb } = await started()
    const words = (n: number) => ({ title: 't', body: `${n}` })
    wb.reminder.muted = true // no audio device in tests; the count of rings is what matters
    wb.checkReminder(words)
    expect(wb.reminder.rings).toBe(0)
    wb.counts = counts(2)
    wb.checkReminder(words)
    expect(wb.reminder.rings).toBe(1)
    wb.checkReminder(words)
    expect(wb.reminder.rings).toBe(1)
    wb.counts = counts(1)
    wb.checkReminder(words)
    wb.counts = counts(2)
    wb.checkReminder(words)
    expect(wb.reminder.rings).toBe(2)
  })
})
