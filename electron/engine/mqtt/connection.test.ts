import { expect, it } from 'vitest'
import { reconnectDelayMs, redactUrl } from './connection'

it('backs off exponentially with jitter, capped at 30 s', () => {
  const low = (n: number) => reconnectDelayMs(n, () => 0)
  const high = (n: number) => reconnectDelayMs(n, () => 1)
  expect([low(0), high(0)]).toEqual([250, 500])
  expect([low(3), high(3)]).toEqual([2000, 4000])
  expect(high(20)).toBe(30_000)
  expect(low(20)).toBe(15_000)
  for (let n = 0; n < 10; n++) expect(high(n + 1)).toBeGreaterThanOrEqual(high(n))
})

it('never shows a broker password', () => {
  expect(redactUrl('mqtts://hall:s3cret@broker.county:8883')).toBe('mqtts://hall:***@broker.county:8883')
})
