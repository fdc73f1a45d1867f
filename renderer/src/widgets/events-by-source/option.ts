/** Events by source (五源归集): a horizontal bar per source, in the contract's order. */
import { EVENT_SOURCES } from '../../../../electron/contract/payloads'
import { SOURCE_COLORS, isKnownSource } from '../../model/eventMeta'
import type { WallChartOption } from '../shared/echarts'
import { WALL_THEME, type WallTheme } from '../shared/theme'
import { wallTooltip } from '../shared/tooltip'

export interface SourceBar {
  key: string
  label: string
  count: number
  color: string
}

/**
 * Every known source (zeros included, so bars do not jump around), then any source the engine
 * reports that this UI does not know, labelled by its code.
 */
export function sourceBars(
  bySource: Record<string, number> | null | undefined,
  labelOf: (source: string) => string,
): SourceBar[] {
  const counts = bySource ?? {}
  const known = EVENT_SOURCES.map((s) => ({
    key: s,
    label: labelOf(s),
    count: counts[s] ?? 0,
    color: SOURCE_COLORS[s],
  }))
  const unknown = Object.keys(counts)
    .filter((k) => !isKnownSource(k))
    .sort()
    .map((k) => ({ key: k, label: k, count: counts[k] ?? 0, color: '#8aa0bd' }))
  return [...known, ...unknown]
}

export function buildBySourceOption(
  bars: readonly SourceBar[],
  seriesName: string,
  theme: WallTheme = WALL_THEME,
): WallChartOption {
  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 300,
    textStyle: { fontFamily: theme.fontFamily },
    grid: { left: 16, right: 96, top: 12, bottom: 12, containLabel: true },
    tooltip: { ...wallTooltip(theme), axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: theme.textMuted, fontSize: theme.fontSize.axis },
      splitLine: { lineStyle: { color: theme.splitLine } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: bars.map((b) => b.label),
      axisLabel: { color: theme.text, fontSize: theme.fontSize.label, margin: 16 },
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        name: seriesName,
        barMaxWidth: 30,
        data: bars.map((b) => ({ value: b.count, itemStyle: { color: b.color, borderRadius: [0, 6, 6, 0] } })),
        label: { show: true, position: 'right', color: theme.text, fontSize: theme.fontSize.label, fontWeight: 'bold' },
      },
    ],
  }
}
