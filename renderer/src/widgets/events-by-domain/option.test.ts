import { describe, expect, it } from 'vitest'
import { fontSizesIn } from '../shared/fontSizes'
import { WALL_MIN_FONT_PX } from '../shared/theme'
import { buildByDomainOption, domainSlices } from './option'

const names: Record<string, string> = { governance: '综治管理', enforcement: '综合执法', service: '政务服务' }
const label = (k: string) => names[k] ?? k

describe('domainSlices', () => {
  it('has the three functions in order, zeros included, then unknown domains by code', () => {
    const slices = domainSlices(
      [
        { key: 'service', today: 2, window: 9 },
        { key: 'x-new', today: 0, window: 1 },
      ],
      label,
    )
    expect(slices.map((s) => [s.label, s.count, s.today])).toEqual([
      ['综治管理', 0, 0],
      ['综合执法', 0, 0],
      ['政务服务', 9, 2],
      ['x-new', 1, 0],
    ])
  })
})

describe('buildByDomainOption', () => {
  const slices = domainSlices([{ key: 'governance', today: 3, window: 40 }], label)
  const option = buildByDomainOption(slices, { todayShort: '今日' })
  it('draws a ring with labels showing the window and today', () => {
    const series = (
      option.series as {
        type: string
        data: { name: string; value: number }[]
        label: { formatter: (p: unknown) => string }
      }[]
    )[0]
    expect(series.type).toBe('pie')
    expect(series.data[0]).toMatchObject({ name: '综治管理', value: 40 })
    expect(series.label.formatter({ dataIndex: 0 })).toBe('综治管理\n40')
  })
  it('uses wall-legible fonts only', () => {
    expect(Math.min(...fontSizesIn(option))).toBeGreaterThanOrEqual(WALL_MIN_FONT_PX)
  })
  it('escapes names in the tooltip', () => {
    const tooltip = option.tooltip as { formatter: (p: unknown) => string }
    expect(tooltip.formatter({ name: '<b>x</b>', value: 1, percent: 50, dataIndex: 0 })).toBe(
      '&lt;b&gt;x&lt;/b&gt;：1（50%）<br/>今日：3',
    )
  })
})
