import { describe, expect, it } from 'vitest'
import { zsZeroReportSchema } from '../contract'
import { buildXiyangRegistry } from './county'
import { planZeroReports, shanghaiDate } from './zero-reports'

describe('zero-report plan', () => {
  const registry = buildXiyangRegistry(1)

  it('has most townships report, one late, a couple missing, all valid zs.zero_report/1', () => {
    const plan = planZeroReports(registry, '2026-11-27', 42)
    expect(plan).toHaveLength(registry.townships.length - 2)
    const deadline = Date.parse('2026-11-27T10:00:00+08:00')
    expect(plan.filter((p) => p.atMs > deadline)).toHaveLength(1)
    expect(new Set(plan.map((p) => p.report.unitCode)).size).toBe(plan.length)
    for (const { report, atMs } of plan) {
      expect(zsZeroReportSchema.safeParse(report).success).toBe(true)
      expect(Date.parse(report.reportedAt)).toBe(Math.floor(atMs / 1000) * 1000)
      expect(report.date).toBe('2026-11-27')
      expect(shanghaiDate(atMs)).toBe('2026-11-27')
    }
    expect(plan.map((p) => p.atMs)).toEqual([...plan.map((p) => p.atMs)].sort((a, b) => a - b))
  })

  it('is the same for the same seed and day, and differs between days', () => {
    expect(planZeroReports(registry, '2026-11-27', 42)).toEqual(planZeroReports(registry, '2026-11-27', 42))
    const missing = (date: string) => {
      const reported = new Set(planZeroReports(registry, date, 42).map((p) => p.report.unitCode))
      return registry.townships.filter((t) => !reported.has(t.code)).map((t) => t.code)
    }
    const days = ['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'].map(missing)
    expect(new Set(days.map((d) => d.join())).size).toBeGreaterThan(1)
    expect(planZeroReports(registry, '2026-11-27', 42, 0)).toHaveLength(registry.townships.length)
  })
})
