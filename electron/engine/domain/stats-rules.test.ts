import { describe, expect, it } from 'vitest'
import {
  factsOf,
  finishedOnTime,
  goalsOf,
  hallDay,
  nextFinishedMs,
  percent,
  sameFacts,
  type FactRow,
} from './stats-rules'

const row = (over: Partial<FactRow> = {}): FactRow => ({
  drill_run: '',
  source: 'citizen',
  domain: 'service',
  category: 'noise',
  severity: 1,
  status: 'reported',
  township_code: '140724100',
  village_code: '140724100201',
  assignee_unit_id: '',
  satisfaction: null,
  reported_ms: Date.parse('2026-11-28T00:30:00+08:00'),
  deadline_ms: null,
  finished_ms: null,
  ...over,
})

describe('stats rules', () => {
  it('counts a day in Asia/Shanghai', () => {
    expect(hallDay(Date.parse('2026-11-28T00:00:00+08:00'))).toBe(hallDay(Date.parse('2026-11-28T23:59:59+08:00')))
    expect(hallDay(Date.parse('2026-11-27T23:59:59+08:00'))).toBe(hallDay(Date.parse('2026-11-28T00:00:00+08:00')) - 1)
  })

  it('maps events to the six goals', () => {
    expect(goalsOf({ source: 'grid_patrol', category: 'neighbor_dispute', severity: 1 })).toEqual([
      'disputes',
      'coordination',
    ])
    expect(goalsOf({ source: 'citizen', category: 'fire_hazard', severity: 3 })).toEqual(['hazards', 'hard_problems'])
    expect(goalsOf({ source: 'opinion', category: 'online_rumor', severity: 2 })).toEqual(['opinion'])
    expect(goalsOf({ source: 'referral', category: 'petition', severity: 4 })).toEqual([
      'disputes',
      'hard_problems',
      'decisions',
    ])
    expect(goalsOf({ source: 'citizen', category: 'noise', severity: 1 })).toEqual([])
  })

  it('keeps the finishing time while finished and clears it when reopened', () => {
    expect(nextFinishedMs(undefined, 'resolved', 10)).toBe(10)
    expect(nextFinishedMs(10, 'closed', 20)).toBe(10)
    expect(nextFinishedMs(10, 'dispatched', 30)).toBeNull()
    expect(nextFinishedMs(null, 'rejected', 30)).toBeNull()
  })

  it('finishes on time by the deadline, or always without one', () => {
    expect(finishedOnTime({ status: 'closed', deadline_ms: 100, finished_ms: 100 })).toBe(true)
    expect(finishedOnTime({ status: 'closed', deadline_ms: 100, finished_ms: 101 })).toBe(false)
    expect(finishedOnTime({ status: 'resolved', deadline_ms: null, finished_ms: 5 })).toBe(true)
    expect(finishedOnTime({ status: 'in_progress', deadline_ms: 100, finished_ms: null })).toBe(false)
  })

  it('gives no facts for drill events and the same facts for an unchanged row', () => {
    expect(factsOf(row({ drill_run: 'run-1' }))).toBeNull()
    const f = factsOf(
      row({ assignee_unit_id: 'U-1', satisfaction: 'basically_satisfied', status: 'visited', finished_ms: 1 }),
    )!
    expect(f.flags).toEqual({
      reported: 1,
      finished: 1,
      onTime: 1,
      visited: 1,
      satisfied: 1,
      proactive: 0,
      rejected: 0,
    })
    expect(f.keys).toContainEqual(['village', '140724100:140724100201'])
    expect(f.keys).toContainEqual(['unit', 'U-1'])
    expect(
      sameFacts(
        f,
        factsOf(
          row({ assignee_unit_id: 'U-1', satisfaction: 'basically_satisfied', status: 'visited', finished_ms: 1 }),
        ),
      ),
    ).toBe(true)
    expect(
      sameFacts(
        f,
        factsOf(
          row({ assignee_unit_id: 'U-2', satisfaction: 'basically_satisfied', status: 'visited', finished_ms: 1 }),
        ),
      ),
    ).toBe(false)
  })

  it('rounds rates to one decimal and has none without a denominator', () => {
    expect(percent(2, 3)).toBe(66.7)
    expect(percent(0, 0)).toBeNull()
  })
})
