/**
 * Events per hour over the last 24 h (Asia/Shanghai hours), against the same hours the day before
 * (a dashed line) when given.
 */
import { formatHour } from '../../utils/format'
import type { WallChartOption } from '../shared/echarts'
import { WALL_THEME, type WallTheme } from '../shared/theme'
import { wallTooltip } from '../shared/tooltip'

export interface HourCount {
  hourStart: string
  count: number
  /** The same hour 24 h earlier. */
  dayBefore?: number
}

export interface PerHourLabels {
  seriesName: string
  /** Name of the day-before series; without it (or without dayBefore values) only one line. */
  dayBeforeName?: string
  /** Appended to the hour on the axis: "09时" / "09h". */
  hourSuffix: string
}

export function hourLabels(points: readonly HourCount[], suffix: string): string[] {
  return points.map((p) => `${formatHour(p.hourStart)}${suffix}`)
}

export function buildPerHourOption(
  points: readonly HourCount[],
  labels: PerHourLabels,
  theme: WallTheme = WALL_THEME,
): WallChartOption {
  const withDayBefore = Boolean(labels.dayBeforeName) && points.some((p) => p.dayBefore !== undefined)
  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 300,
    textStyle: { fontFamily: theme.fontFamily },
    grid: { left: 16, right: 28, top: withDayBefore ? 52 : 36, bottom: 8, containLabel: true },
    legend: withDayBefore
      ? {
          top: 4,
          right: 16,
          itemWidth: 28,
          itemHeight: 12,
          textStyle: { color: theme.text, fontSize: theme.fontSize.axis },
        }
      : { show: false },
    tooltip: wallTooltip(theme),
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: hourLabels(points, labels.hourSuffix),
      // Every third hour: 8 labels across the panel stay readable at 5 m.
      axisLabel: { color: theme.textMuted, fontSize: theme.fontSize.axis, interval: 2, margin: 14 },
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: theme.textMuted, fontSize: theme.fontSize.axis },
      splitLine: { lineStyle: { color: theme.splitLine } },
    },
    series: [
      {
        type: 'line',
        name: labels.seriesName,
        smooth: 0.35,
        smoothMonotone: 'x',
        symbol: 'circle',
        symbolSize: 8,
        data: points.map((p) => p.count),
        lineStyle: { width: 4, color: theme.accent },
        itemStyle: { color: theme.accent },
        areaStyle: {
          color: {
            type: 'linear',
            x: 0,
            y: 0,
            x2: 0,
            y2: 1,
            colorStops: [
              { offset: 0, color: theme.accentArea[0] },
              { offset: 1, color: theme.accentArea[1] },
            ],
          },
        },
      },
      ...(withDayBefore
        ? [
            {
              type: 'line' as const,
              name: labels.dayBeforeName,
              smooth: 0.35,
              smoothMonotone: 'x' as const,
              symbol: 'none',
              data: points.map((p) => p.dayBefore ?? 0),
              lineStyle: { width: 3, type: 'dashed' as const, color: theme.textMuted },
              itemStyle: { color: theme.textMuted },
              z: 1,
            },
          ]
        : []),
    ],
  }
}
