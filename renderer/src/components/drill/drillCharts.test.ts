import { describe, expect, it } from 'vitest'
import type { DrillInjectResult, DrillRun } from '../../../../electron/contract'
import { runClockMs } from '../../stores/drills'
import { buildHistoryOption, buildTimelineOption } from './drillCharts'

const result = (over: Partial<DrillInjectResult>): DrillInjectResult => ({
  injectId: 'I01',
  kind: 'event',
  title: '东固壁村北沟发现疑似遗弃危废品',
  township: '冶头镇',
  atMs: 0,
  publishedMs: 0,
  expected: { action: 'dispatch', unitId: 'U-ECO', withinSec: 600 },
  expectedUnitName: '县生态环境局',
  acceptSec: 30,
  dispatchSec: 90,
  expectedActionSec: 90,
  dispatchedUnitId: 'U-ECO',
  dispatchedUnitName: '县生态环境局',
  unitCorrect: true,
  onTime: true,
  missed: false,
  pending: false,
  score: 100,
  ...over,
})
const labels = { window: 'w', inject: 'i', accept: 'a', dispatch: 'd', missed: 'm', minutes: 'min' }
type Series = { name: string; data: unknown[] }

describe('drill timeline option', () => {
  it('puts the first inject on top, its response points in drill minutes, a missed one at its window end', () => {
    const option = buildTimelineOption(
      [
        result({}),
        result({
          injectId: 'I02',
          atMs: 120_000,
          publishedMs: 120_000,
          acceptSec: null,
          dispatchSec: null,
          missed: true,
        }),
      ],
      labels,
    )
    const series = option.series as Series[]
    const byName = (n: string) => series.find((s) => s.name === n)!.data
    expect((option.yAxis as { data: string[] }).data[1]).toMatch(/^I01 /)
    expect(byName('a')).toEqual([[0.5, 1]])
    expect(byName('d')).toEqual([[1.5, 1]])
    expect(byName('i')).toEqual([
      [2, 0],
      [0, 1],
    ])
    expect(byName('m')).toEqual([[12, 0]])
    expect(byName('w')).toEqual([10, 10])
  })
  it('draws the history of runs oldest first', () => {
    const option = buildHistoryOption(
      [
        {
          runId: 'a',
          startedAt: '2026-11-01T09:00:00+08:00',
          state: 'finished',
          score: 60,
          avgAcceptSec: 120,
          avgDispatchSec: 300,
          missed: 3,
        },
        {
          runId: 'b',
          startedAt: '2026-11-20T09:00:00+08:00',
          state: 'finished',
          score: 85,
          avgAcceptSec: 45,
          avgDispatchSec: 130,
          missed: 1,
        },
      ],
      { score: 's', accept: 'a', dispatch: 'd', seconds: 'sec' },
    )
    expect((option.series as Series[]).map((s) => s.data)).toEqual([
      [60, 85],
      [120, 45],
      [300, 130],
    ])
  })
})

describe('run clock', () => {
  const run = { state: 'running', speed: 10, clockMs: 5_000 } as DrillRun
  it('moves a running clock at its speed and holds a paused one', () => {
    expect(runClockMs(run, 1_000, 3_000)).toBe(25_000)
    expect(runClockMs({ ...run, state: 'paused' }, 1_000, 3_000)).toBe(5_000)
  })
})
