import type { EventSummary } from '../../../electron/contract'

/** An event summary for tests: a citizen's heating complaint in 乐平镇; `key` follows `id` unless given. */
export function testSummary(over: Partial<EventSummary> = {}): EventSummary {
  const e = {
    id: 'EV-1',
    version: 1,
    versionCount: 1,
    source: 'citizen',
    channel: null,
    domain: 'service',
    category: 'heating',
    severity: 1,
    title: '暖气不热',
    status: 'reported',
    townshipCode: '140724100',
    township: '乐平镇',
    village: null,
    address: null,
    assigneeName: null,
    deadline: null,
    reportedAt: '2026-11-28T09:00:00+08:00',
    updatedAt: '2026-11-28T09:00:00+08:00',
    receivedAt: '2026-11-28T09:00:00+08:00',
    drill: false,
    drillRunId: null,
    ...over,
  } satisfies Omit<EventSummary, 'key'> & Partial<Pick<EventSummary, 'key'>>
  return { ...e, key: e.key ?? e.id }
}

/**
 * Numbered summaries, each reported `stepMs` after the one before from `start`: id EV-000001…,
 * title 事件1…, reported = updated = received.
 */
export function summarySequence(start: number, stepMs = 1000, idDigits = 6) {
  let n = 0
  return (over: Partial<EventSummary> = {}): EventSummary => {
    n++
    const t = new Date(start + n * stepMs).toISOString()
    return testSummary({
      id: `EV-${String(n).padStart(idDigits, '0')}`,
      title: `事件${n}`,
      reportedAt: t,
      updatedAt: t,
      receivedAt: t,
      ...over,
    })
  }
}
