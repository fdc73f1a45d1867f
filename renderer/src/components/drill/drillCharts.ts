/**
 * ECharts options of the after-action report, pure (unit-tested): the timeline of injects against
 * the trainees' responses, and the history of runs of one scenario (is the hall getting faster?).
 */
import type { DrillHistoryPoint, DrillInjectResult } from '../../../../electron/contract'
import type { WallChartOption } from '../../widgets/shared/echarts'

export interface TimelineLabels {
  window: string
  inject: string
  accept: string
  dispatch: string
  missed: string
  minutes: string
}

const minutes = (ms: number) => Math.round((ms / 60_000) * 100) / 100

/**
 * One row per inject (first at the top): the expected window as a bar from the inject, the inject
 * itself, the first accept and dispatch as points; a missed inject marked at its window's end.
 * X is drill minutes.
 */
export function buildTimelineOption(injects: readonly DrillInjectResult[], l: TimelineLabels): WallChartOption {
  const rows = [...injects].reverse()
  const start = (r: DrillInjectResult) => r.publishedMs ?? r.atMs
  const at = (r: DrillInjectResult, sec: number | null) => (sec === null ? null : minutes(start(r) + sec * 1000))
  const points = (pick: (r: DrillInjectResult) => number | null) =>
    rows.flatMap((r, i) => {
      const x = pick(r)
      return x === null ? [] : [[x, i]]
    })
  return {
    animation: false,
    grid: { left: 210, right: 24, top: 36, bottom: 40 },
    legend: { top: 4, data: [l.window, l.inject, l.accept, l.dispatch, l.missed] },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', name: l.minutes, nameLocation: 'middle', nameGap: 26, min: 0 },
    yAxis: {
      type: 'category',
      data: rows.map((r) => `${r.injectId} ${r.title.length > 14 ? `${r.title.slice(0, 14)}…` : r.title}`),
      axisLabel: { fontSize: 11 },
    },
    series: [
      {
        name: 'offset',
        type: 'bar',
        stack: 'window',
        silent: true,
        itemStyle: { color: 'transparent' },
        data: rows.map((r) => (r.expected && r.publishedMs !== null ? minutes(start(r)) : 0)),
        barWidth: 10,
      },
      {
        name: l.window,
        type: 'bar',
        stack: 'window',
        itemStyle: { color: 'rgba(64, 140, 255, 0.25)' },
        data: rows.map((r) => (r.expected && r.publishedMs !== null ? minutes(r.expected.withinSec * 1000) : 0)),
        barWidth: 10,
      },
      {
        name: l.inject,
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: 12,
        itemStyle: { color: '#1f5fbf' },
        data: points((r) => (r.publishedMs === null ? null : minutes(start(r)))),
      },
      {
        name: l.accept,
        type: 'scatter',
        symbol: 'circle',
        symbolSize: 10,
        itemStyle: { color: '#2e9d57' },
        data: points((r) => at(r, r.acceptSec)),
      },
      {
        name: l.dispatch,
        type: 'scatter',
        symbol: 'rect',
        symbolSize: 10,
        itemStyle: { color: '#116b3a' },
        data: points((r) => at(r, r.dispatchSec)),
      },
      {
        name: l.missed,
        type: 'scatter',
        symbol: 'triangle',
        symbolSize: 12,
        itemStyle: { color: '#d03030' },
        data: points((r) => (r.missed && r.expected ? minutes(start(r) + r.expected.withinSec * 1000) : null)),
      },
    ],
  }
}

export interface HistoryLabels {
  score: string
  accept: string
  dispatch: string
  seconds: string
}

/** Score and average response times per run of a scenario, oldest first. */
export function buildHistoryOption(history: readonly DrillHistoryPoint[], l: HistoryLabels): WallChartOption {
  return {
    animation: false,
    grid: { left: 48, right: 56, top: 36, bottom: 30 },
    legend: { top: 4 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: history.map((h) => h.startedAt.slice(5, 16).replace('T', ' ')) },
    yAxis: [
      { type: 'value', name: l.score, min: 0, max: 100 },
      { type: 'value', name: l.seconds, min: 0 },
    ],
    series: [
      { name: l.score, type: 'line', data: history.map((h) => h.score), connectNulls: true },
      { name: l.accept, type: 'line', yAxisIndex: 1, data: history.map((h) => h.avgAcceptSec), connectNulls: true },
      { name: l.dispatch, type: 'line', yAxisIndex: 1, data: history.map((h) => h.avgDispatchSec), connectNulls: true },
    ],
  }
}
