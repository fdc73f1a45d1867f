/** Three functions (三大功能): a ring of events per domain in the window, in the contract's order. */
import { DOMAINS } from '../../../../electron/contract/payloads'
import type { WallChartOption } from '../shared/echarts'
import { WALL_THEME, type WallTheme } from '../shared/theme'
import { escapeHtml } from '../shared/escape'

export const DOMAIN_COLORS: Record<string, string> = {
  governance: '#3fd0ff',
  enforcement: '#ffb443',
  service: '#5ce0a0',
}

export interface DomainSlice {
  key: string
  label: string
  count: number
  today: number
  color: string
}

export function domainSlices(
  items: readonly { key: string; today: number; window: number }[] | null | undefined,
  labelOf: (domain: string) => string,
): DomainSlice[] {
  const byKey = new Map((items ?? []).map((i) => [i.key, i]))
  const keys = [...DOMAINS, ...[...byKey.keys()].filter((k) => !(DOMAINS as readonly string[]).includes(k)).sort()]
  return keys.map((key) => ({
    key,
    label: labelOf(key),
    count: byKey.get(key)?.window ?? 0,
    today: byKey.get(key)?.today ?? 0,
    color: DOMAIN_COLORS[key] ?? '#8aa0bd',
  }))
}

export function buildByDomainOption(
  slices: readonly DomainSlice[],
  labels: { todayShort: string },
  theme: WallTheme = WALL_THEME,
): WallChartOption {
  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 300,
    textStyle: { fontFamily: theme.fontFamily },
    tooltip: {
      trigger: 'item',
      confine: true,
      backgroundColor: theme.tooltipBackground,
      borderColor: theme.tooltipBorder,
      textStyle: { color: theme.text, fontSize: theme.fontSize.tooltip },
      formatter: (p: unknown) => {
        const x = p as { name?: unknown; value?: unknown; percent?: unknown; dataIndex?: number }
        const today = slices[x.dataIndex ?? -1]?.today ?? 0
        return `${escapeHtml(x.name)}：${escapeHtml(x.value)}（${escapeHtml(x.percent)}%）<br/>${escapeHtml(labels.todayShort)}：${today}`
      },
    },
    series: [
      {
        type: 'pie',
        radius: ['42%', '68%'],
        center: ['50%', '54%'],
        avoidLabelOverlap: true,
        itemStyle: { borderColor: '#071a33', borderWidth: 3 },
        label: {
          show: true,
          color: theme.text,
          fontSize: theme.fontSize.label,
          lineHeight: 30,
          // ECharts rich-text template: {b} name, {c} value; the names are our own labels.
          formatter: (p: unknown) => {
            const x = p as { dataIndex: number }
            const s = slices[x.dataIndex]
            return s ? `${s.label}\n${s.count}` : ''
          },
        },
        labelLine: { length: 14, length2: 18, lineStyle: { width: 2 } },
        data: slices.map((s) => ({ name: s.label, value: s.count, itemStyle: { color: s.color } })),
      },
    ],
  }
}
