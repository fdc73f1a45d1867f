import { describe, expect, it } from 'vitest'
import type { ZeroReport } from '../../contract'
import { buildZeroReportBoard, deadlineMs, hallDate, parseDeadline } from './zero-report-board'

const report = (unitCode: string, reportedAt: string): ZeroReport => ({
  key: `2026-11-27\u0001${unitCode}`,
  id: `ZR-20261127-${unitCode}`,
  date: '2026-11-27',
  unitCode,
  unitName: null,
  level: 'township',
  nothingToReport: true,
  note: null,
  reportedAt,
  receivedAt: '2026-11-27T00:00:00.000Z',
  reportCount: 1,
  drill: false,
  drillRunId: null,
})

const townships = [
  { code: '140724100', name: '乐平镇' },
  { code: '140724101', name: '皋落镇' },
  { code: '140724102', name: '冶头镇' },
]

describe('zero-report board', () => {
  it('lists every township with its report, on time or late, or missing', () => {
    const board = buildZeroReportBoard({
      date: '2026-11-27',
      deadline: '10:00',
      now: Date.parse('2026-11-27T10:30:00+08:00'),
      townships,
      reports: [
        report('140724100', '2026-11-27T08:41:00+08:00'),
        // 10:00:00 exactly is on time; the deadline is compared in absolute time, whatever the offset.
        report('140724102', '2026-11-27T02:00:00Z'),
        report('U-ECO', '2026-11-27T09:00:00+08:00'),
      ],
    })
    expect(board).toMatchObject({
      date: '2026-11-27',
      deadline: '10:00',
      deadlineAt: '2026-11-27T10:00:00+08:00',
      deadlinePassed: true,
      generatedAt: '2026-11-27T10:30:00+08:00',
      counts: { townships: 3, onTime: 2, late: 0, missing: 1 },
    })
    expect(board.townships.map((t) => [t.code, t.state])).toEqual([
      ['140724100', 'on_time'],
      ['140724101', 'missing'],
      ['140724102', 'on_time'],
    ])
    expect(board.otherUnits.map((r) => r.unitCode)).toEqual(['U-ECO'])
  })

  it('marks reports after the deadline late and knows when the deadline has not passed yet', () => {
    const board = buildZeroReportBoard({
      date: '2026-11-27',
      deadline: '09:30',
      now: Date.parse('2026-11-27T09:29:59+08:00'),
      townships,
      reports: [report('140724101', '2026-11-27T09:30:01+08:00')],
    })
    expect(board.deadlinePassed).toBe(false)
    expect(board.counts).toEqual({ townships: 3, onTime: 0, late: 1, missing: 2 })
  })

  it('works in Asia/Shanghai days', () => {
    expect(hallDate(Date.parse('2026-11-27T16:00:00Z'))).toBe('2026-11-28')
    expect(hallDate(Date.parse('2026-11-27T15:59:59Z'))).toBe('2026-11-27')
    expect(deadlineMs('2026-11-27', '10:00')).toBe(Date.parse('2026-11-27T02:00:00Z'))
  })

  it('accepts HH:MM deadlines only', () => {
    expect(parseDeadline('00:00')).toBe('00:00')
    expect(parseDeadline('23:59')).toBe('23:59')
    for (const bad of ['24:00', '9:30', '10:60', '10.00', '']) expect(() => parseDeadline(bad)).toThrow(/HH:MM/)
  })
})
