import { describe, expect, it } from 'vitest'
import { DIGEST_MAX_LIMIT, DIGEST_MAX_SEED, parseDigest } from './newest'

const summary = { key: 'EV-1', id: 'EV-1', version: 2, reportedAt: '2026-11-28T08:00:00+08:00', drillRunId: null }

describe('a digest from a client', () => {
  it('is taken when it has a sane limit and summaries to order by', () => {
    expect(parseDigest({ limit: 20, seed: [summary] })).toEqual({ limit: 20, seed: [summary] })
    expect(parseDigest({ limit: DIGEST_MAX_LIMIT, seed: [] })).not.toBeNull()
    expect(parseDigest({ limit: 1, seed: [{ ...summary, drillRunId: 'R-1' }] })).not.toBeNull()
  })

  it('is refused (everything is sent) when it is anything else', () => {
    const hostile: unknown[] = [
      null,
      'digest',
      [],
      { seed: [] },
      { limit: 0, seed: [] },
      { limit: 1.5, seed: [] },
      { limit: DIGEST_MAX_LIMIT + 1, seed: [] },
      { limit: '20', seed: [] },
      { limit: 20 },
      { limit: 20, seed: {} },
      { limit: 20, seed: Array.from({ length: DIGEST_MAX_SEED + 1 }, () => summary) },
      { limit: 20, seed: [null] },
      { limit: 20, seed: [{ ...summary, key: 1 }] },
      { limit: 20, seed: [{ ...summary, version: '2' }] },
      { limit: 20, seed: [{ ...summary, version: Number.NaN }] },
      { limit: 20, seed: [{ ...summary, reportedAt: 0 }] },
      { limit: 20, seed: [{ ...summary, drillRunId: 7 }] },
      JSON.parse('{"limit":20,"seed":[{"__proto__":{"key":"x"}}]}'),
    ]
    for (const h of hostile) expect(parseDigest(h), JSON.stringify(h)?.slice(0, 80)).toBeNull()
  })
})
