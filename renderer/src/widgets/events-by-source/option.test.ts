import { describe, expect, it } from 'vitest'
import { SOURCE_COLORS } from '../../model/eventMeta'
import { WALL_MIN_FONT_PX } from '../shared/theme'
import { buildBySourceOption, sourceBars } from './option'

const names: Record<string, string> = {
  grid_patrol: '网格摸排',
  enforcement: '执法检查',
  citizen: '群众上报',
  referral: '上级转办',
  opinion: '舆情发现',
  video: '视频告警',
}
const label = (s: string) => names[s] ?? s

describe('sourceBars', () => {
  it('lists every source in the contract order, zeros included', () => {
    const bars = sourceBars({ citizen: 12, opinion: 3 }, label)
    expect(bars.map((b) => b.label)).toEqual(['网格摸排', '执法检查', '群众上报', '上级转办', '舆情发现', '视频告警'])
    expect(bars.map((b) => b.count)).toEqual([0, 0, 12, 0, 3, 0])
    expect(bars[2].color).toBe(SOURCE_COLORS.citizen)
  })
  it('keeps sources it does not know, by code', () => {
    expect(sourceBars({ drone: 2 }, label).at(-1)).toMatchObject({ key: 'drone', label: 'drone', count: 2 })
  })
  it('copes with no data yet', () => {
    expect(sourceBars(null, label).every((b) => b.count === 0)).toBe(true)
  })
})

describe('buildBySourceOption', () => {
  const option = buildBySourceOption(sourceBars({ grid_patrol: 5, citizen: 7 }, label), '事件数')
  it('draws one horizontal bar per source with its value and colour', () => {
    const yAxis = option.yAxis as { type: string; data: string[] }
    expect(yAxis.type).toBe('category')
    expect(yAxis.data[0]).toBe('网格摸排')
    const series = (option.series as { type: string; data: { value: number; itemStyle: { color: string } }[] }[])[0]
    expect(series.type).toBe('bar')
    expect(series.data.map((d) => d.value)).toEqual([5, 0, 7, 0, 0, 0])
    expect(series.data[0].itemStyle.color).toBe(SOURCE_COLORS.grid_patrol)
  })
  it('is legible from across the room', () => {
    const yAxis = option.yAxis as { axisLabel: { fontSize: number } }
    const xAxis = option.xAxis as { axisLabel: { fontSize: number } }
    expect(yAxis.axisLabel.fontSize).toBeGreaterThanOrEqual(WALL_MIN_FONT_PX)
    expect(xAxis.axisLabel.fontSize).toBeGreaterThanOrEqual(WALL_MIN_FONT_PX)
  })
  it('escapes text in its tooltip', () => {
    const tooltip = option.tooltip as { formatter: (p: unknown) => string }
    expect(tooltip.formatter([{ name: '<img src=x onerror=alert(1)>', seriesName: 's', value: 1 }])).toContain(
      '&lt;img',
    )
  })
  it('is pure: same input, same output', () => {
    const bars = sourceBars({ video: 1 }, label)
    expect(JSON.stringify(buildBySourceOption(bars, 'n'))).toBe(JSON.stringify(buildBySourceOption(bars, 'n')))
  })
})
