import { describe, expect, it } from 'vitest'
import { WALL_MIN_FONT_PX } from '../shared/theme'
import { buildPerHourOption, hourLabels } from './option'

// 24 whole hours ending with the hour that starts at 2026-11-27 09:00 Shanghai (01:00Z).
const points = Array.from({ length: 24 }, (_, i) => ({
  hourStart: new Date(Date.UTC(2026, 10, 27, 1 - 23 + i)).toISOString(),
  count: i,
}))

describe('hourLabels', () => {
  it('labels each bucket by its Shanghai hour', () => {
    const labels = hourLabels(points, '时')
    expect(labels).toHaveLength(24)
    expect(labels[0]).toBe('10时')
    expect(labels[14]).toBe('00时')
    expect(labels[23]).toBe('09时')
  })
})

describe('buildPerHourOption', () => {
  const option = buildPerHourOption(points, { seriesName: '事件数', hourSuffix: '时' })
  it('plots the counts oldest to newest', () => {
    const series = (option.series as { type: string; data: number[]; name: string }[])[0]
    expect(series.type).toBe('line')
    expect(series.name).toBe('事件数')
    expect(series.data).toEqual(points.map((p) => p.count))
    expect((option.xAxis as { data: string[] }).data.at(-1)).toBe('09时')
  })
  it('uses wall-legible fonts and whole numbers', () => {
    const xAxis = option.xAxis as { axisLabel: { fontSize: number } }
    const yAxis = option.yAxis as { axisLabel: { fontSize: number }; minInterval: number }
    expect(xAxis.axisLabel.fontSize).toBeGreaterThanOrEqual(WALL_MIN_FONT_PX)
    expect(yAxis.axisLabel.fontSize).toBeGreaterThanOrEqual(WALL_MIN_FONT_PX)
    expect(yAxis.minInterval).toBe(1)
  })
  it('handles an empty series', () => {
    const empty = buildPerHourOption([], { seriesName: 'n', hourSuffix: 'h' })
    expect((empty.series as { data: number[] }[])[0].data).toEqual([])
  })
})

describe('buildPerHourOption with the day before', () => {
  const withBefore = points.map((p, i) => ({ ...p, dayBefore: 24 - i }))
  const option = buildPerHourOption(withBefore, {
    seriesName: '近24小时',
    dayBeforeName: '前一日同时段',
    hourSuffix: '时',
  })
  it('adds the same hours of the day before as a second, dashed line with a legend', () => {
    const series = option.series as { name: string; data: number[]; lineStyle: { type?: string } }[]
    expect(series.map((s) => s.name)).toEqual(['近24小时', '前一日同时段'])
    expect(series[1].data).toEqual(withBefore.map((p) => p.dayBefore))
    expect(series[1].lineStyle.type).toBe('dashed')
    expect(
      (option.legend as { show?: boolean; textStyle: { fontSize: number } }).textStyle.fontSize,
    ).toBeGreaterThanOrEqual(WALL_MIN_FONT_PX)
  })
  it('keeps one line when no day-before values are given', () => {
    const one = buildPerHourOption(points, { seriesName: 'a', dayBeforeName: 'b', hourSuffix: 'h' })
    expect((one.series as unknown[]).length).toBe(1)
  })
})
