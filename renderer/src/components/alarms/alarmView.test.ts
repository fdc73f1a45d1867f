import { describe, expect, it } from 'vitest'
import type { Alarm } from '../../../../electron/contract'
import { SEVERITY_COLORS } from '../../model/eventMeta'
import { alarmLine } from './alarmView'
import { testAlarm } from '../../testing/alarms'

// A title with markup: it must show as text.
const alarm = (over: Partial<Alarm> = {}): Alarm => testAlarm({ title: '<b>乐平镇</b>化工厂爆炸', ...over })

describe('alarmLine', () => {
  it('shows title as given, the severity colour, the township and the Shanghai time', () => {
    const line = alarmLine(alarm(), new Date('2026-11-28T03:00:00Z'))
    expect(line).toMatchObject({
      title: '<b>乐平镇</b>化工厂爆炸',
      severity: 4,
      color: SEVERITY_COLORS[4],
      township: '乐平镇',
      time: '09:12:05',
    })
  })

  it('gives the date for an event reported another day, the code when the township is unknown', () => {
    const line = alarmLine(alarm({ township: null, severity: 3 }), new Date('2026-11-30T03:00:00Z'))
    expect(line.time).toMatch(/^2026-11-28 09:12/)
    expect(line.township).toBe('140724100')
    expect(line.color).toBe(SEVERITY_COLORS[3])
  })
})
