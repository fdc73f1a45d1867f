import { describe, expect, it, vi } from 'vitest'
import type { Alarm } from '../../../electron/contract'
import { FakeEngine, withFakeEngine } from '../testing/fakeEngine'
import {
  activeAlarmsOf,
  ALARMS_KEPT,
  ALARMS_REFILL_INTERVAL_MS,
  applyAlarmChanges,
  NO_ALARMS,
  useAlarmsStore,
} from './alarms'
import { useConnectionStore } from './connection'
import { testAlarm } from '../testing/alarms'

const alarm = testAlarm
const ended = (id: number, state: Alarm['state'] = 'acknowledged') => alarm({ id, state })
const ids = (s: { kept: ReadonlyMap<number, Alarm> }) => [...s.kept.keys()].sort((a, b) => a - b)

describe('applyAlarmChanges', () => {
  it('adds raised alarms and removes acknowledged or expired ones', () => {
    let s = applyAlarmChanges(NO_ALARMS, [alarm({ id: 1 }), alarm({ id: 2 })])
    expect(ids(s)).toEqual([1, 2])
    s = applyAlarmChanges(s, [ended(1), alarm({ id: 3 })])
    expect(ids(s)).toEqual([2, 3])
    s = applyAlarmChanges(s, [ended(2, 'expired'), ended(3)])
    expect(s.kept.size).toBe(0)
    expect(s.unlisted).toBe(0)
  })

  it('keeps at most `cap` alarms, the first in the banner order, and counts the others', () => {
    let s = applyAlarmChanges(NO_ALARMS, [alarm({ id: 1, severity: 4 }), alarm({ id: 2, severity: 3 })], 3)
    s = applyAlarmChanges(s, [alarm({ id: 3, severity: 3 }), alarm({ id: 4, severity: 3 }), alarm({ id: 5 })], 3)
    // 5 and 1 (severity 4), then the newest severity 3.
    expect(ids(s)).toEqual([1, 4, 5])
    expect(s.unlisted).toBe(2)
    // One of the counted ends: counted off; a kept one ends: out of the kept.
    s = applyAlarmChanges(s, [ended(2), ended(5)], 3)
    expect(ids(s)).toEqual([1, 4])
    expect(s.unlisted).toBe(1)
  })

  it('counts an end once when it arrives twice (the acknowledgement reply, then the live push)', () => {
    let s = activeAlarmsOf({ items: [alarm({ id: 7 }), alarm({ id: 8 })], total: 10 })
    expect(s.unlisted).toBe(8)
    s = applyAlarmChanges(s, [ended(7), ended(8)])
    s = applyAlarmChanges(s, [ended(7), ended(8)])
    expect(s.kept.size).toBe(0)
    expect(s.unlisted).toBe(8)
    // The list read again keeps what was seen ending.
    s = activeAlarmsOf({ items: [alarm({ id: 6 })], total: 8 }, s)
    s = applyAlarmChanges(s, [ended(8)])
    expect(s.unlisted).toBe(7)
  })

  it('stays bounded however many alarms a storm raises', () => {
    let s = NO_ALARMS
    for (let id = 1; id <= 2000; id++) {
      s = applyAlarmChanges(s, [alarm({ id, severity: id % 7 === 0 ? 4 : 3 })])
      expect(s.ended.length).toBeLessThanOrEqual(ALARMS_KEPT)
    }
    expect(s.kept.size).toBe(ALARMS_KEPT)
    expect(s.kept.size + s.unlisted).toBe(2000)
    expect(s.kept.has(1998)).toBe(true)
  })
})

describe('alarms store', () => {
  let fake: FakeEngine
  withFakeEngine((f) => (fake = f), { fakeTimers: true })

  async function open(list: { items: Alarm[]; total: number } = { items: [], total: 0 }) {
    useConnectionStore().start()
    fake.answerAppInfo()
    const alarms = useAlarmsStore()
    alarms.activate()
    fake.take('alarms.active').resolve(list)
    fake
      .take('alarms.getSettings')
      .resolve({ settings: { minSeverity: 4, autoClearMinutes: 0, sound: true }, version: 0 })
    await vi.advanceTimersByTimeAsync(0)
    return alarms
  }

  it('keeps at most ALARMS_KEPT of a storm of live alarms, counts them all and shows the newest', async () => {
    const alarms = await open()
    const raised = 20_000
    for (let first = 1; first <= raised; first += 50)
      fake.emit('alarms.onDidChange', { items: Array.from({ length: 50 }, (_, i) => alarm({ id: first + i })) })
    expect(alarms.active.size).toBe(ALARMS_KEPT)
    expect(alarms.list.length).toBe(ALARMS_KEPT)
    expect(alarms.count).toBe(raised)
    expect(alarms.banner?.id).toBe(raised)
    // Nothing ended: no need to read the list again.
    expect(fake.pendingCount('alarms.active')).toBe(0)
  })

  it('reads the list again when kept alarms end while others are only counted', async () => {
    const first = Array.from({ length: ALARMS_KEPT }, (_, i) => alarm({ id: 1000 - i }))
    const alarms = await open({ items: first, total: 1000 })
    expect(alarms.count).toBe(1000)

    fake.emit('alarms.onDidChange', { items: [ended(1000), ended(999)] })
    expect(alarms.count).toBe(998)
    expect(fake.pendingCount('alarms.active')).toBe(1)
    fake.emit('alarms.onDidChange', { items: [ended(998)] })
    await vi.advanceTimersByTimeAsync(ALARMS_REFILL_INTERVAL_MS)
    // One request at a time: the second change waits for the first reply.
    expect(fake.pendingCount('alarms.active')).toBe(1)
    const next = Array.from({ length: ALARMS_KEPT }, (_, i) => alarm({ id: 997 - i }))
    fake.take('alarms.active').resolve({ items: next, total: 997 })
    await vi.advanceTimersByTimeAsync(ALARMS_REFILL_INTERVAL_MS)
    fake.take('alarms.active').resolve({ items: next, total: 997 })
    await vi.advanceTimersByTimeAsync(0)
    expect(alarms.active.size).toBe(ALARMS_KEPT)
    expect(alarms.banner?.id).toBe(997)
    expect(alarms.count).toBe(997)
  })

  it('counts an acknowledged alarm off once (reply and live push)', async () => {
    const alarms = await open({ items: [alarm({ id: 2 }), alarm({ id: 1 })], total: 2 })
    const done = alarms.acknowledge([2])
    fake.take('alarms.acknowledge').resolve({ items: [ended(2)] })
    await done
    fake.emit('alarms.onDidChange', { items: [ended(2)] })
    expect(alarms.count).toBe(1)
    expect(alarms.banner?.id).toBe(1)
  })
})
