import { describe, expect, it } from 'vitest'
import { eventKey, type EventSummary } from '../../../../electron/contract'
import { SEVERITY_COLORS } from '../../model/eventMeta'
import { animatesChange, linesThatFit, tickerLines } from './ticker'
import { testSummary } from '../../testing/events'

const base: EventSummary = testSummary({
  channel: 'hotline_12345',
  severity: 4,
  title: '<img src=x onerror=alert(1)>',
  reportedAt: '2026-11-27T09:20:31+08:00',
  updatedAt: '2026-11-27T09:20:31+08:00',
  receivedAt: '2026-11-27T01:20:32Z',
})

describe('tickerLines', () => {
  it('shows title as given, severity colour, source, township and Shanghai time', () => {
    const [line] = tickerLines([base], 10, new Date('2026-11-27T03:00:00Z'))
    expect(line).toEqual({
      key: 'EV-1',
      id: 'EV-1',
      title: '<img src=x onerror=alert(1)>',
      severity: 4,
      color: SEVERITY_COLORS[4],
      source: 'citizen',
      township: '乐平镇',
      time: '09:20:31',
      drill: false,
    })
  })
  it('adds the date for earlier days and falls back to the township code', () => {
    const [line] = tickerLines([{ ...base, township: null }], 10, new Date('2026-11-29T03:00:00Z'))
    expect(line.time).toBe('11-27 09:20')
    expect(line.township).toBe('140724100')
  })
  it('keys a drill line apart from the real event with the same id', () => {
    const drill = { ...base, key: eventKey('EV-1', 'run-7'), drill: true, drillRunId: 'run-7' }
    const lines = tickerLines([drill, base], 10)
    expect(lines.map((l) => l.id)).toEqual(['EV-1', 'EV-1'])
    expect(new Set(lines.map((l) => l.key)).size).toBe(2)
    expect(lines[0]).toMatchObject({ key: drill.key, drill: true })
  })
  it('limits the number of lines', () => {
    expect(tickerLines([base, { ...base, id: 'EV-2' }, { ...base, id: 'EV-3' }], 2)).toHaveLength(2)
  })
})

describe('linesThatFit', () => {
  const size = { line: 70, gap: 10, padding: 20 }
  it('counts whole lines only', () => {
    expect(linesThatFit(20 + 70, size)).toBe(1)
    expect(linesThatFit(20 + 70 * 8 + 10 * 7, size)).toBe(8)
    expect(linesThatFit(20 + 70 * 8 + 10 * 7 - 1, size)).toBe(7)
    expect(linesThatFit(10, size)).toBe(0)
  })
})

describe('animatesChange', () => {
  const keys = (from: number, n: number) => Array.from({ length: n }, (_, i) => `EV-${from + i}`)
  it('animates a trickle: one or a few new lines on top', () => {
    expect(animatesChange(keys(1, 8), ['EV-0', ...keys(1, 7)])).toBe(true)
    expect(animatesChange(keys(1, 8), [...keys(100, 4), ...keys(1, 4)])).toBe(true)
    expect(animatesChange(keys(1, 8), keys(1, 8))).toBe(true)
  })
  it('does not animate a storm: more than half of the lines new at once', () => {
    expect(animatesChange(keys(1, 8), [...keys(100, 5), ...keys(1, 3)])).toBe(false)
    expect(animatesChange(keys(1, 8), keys(100, 8))).toBe(false)
  })
  it('animates the empty panel filling', () => {
    expect(animatesChange([], keys(1, 8))).toBe(true)
  })
})
