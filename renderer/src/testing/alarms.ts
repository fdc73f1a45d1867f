import type { Alarm } from '../../../electron/contract'

/** An active severity-4 alarm for tests; its event id follows its id unless given. */
export const testAlarm = (over: Partial<Alarm> = {}): Alarm => ({
  id: 1,
  eventId: `EV-${over.id ?? 1}`,
  severity: 4,
  title: '化工厂爆炸',
  townshipCode: '140724100',
  township: '乐平镇',
  source: 'citizen',
  reportedAt: '2026-11-28T09:12:05+08:00',
  raisedAt: '2026-11-28T09:12:06+08:00',
  state: 'active',
  endedAt: null,
  acknowledgedBy: null,
  acknowledgedByName: null,
  ...over,
})
