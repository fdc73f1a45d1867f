import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VideoAlertSummary } from '../../contract'
import { checkSnapshot } from '../domain/snapshot'
import { testPng, validVideoAlert } from '../domain/test-images'
import { openDatabase, type Db } from './database'
import { createVideoAlertsRepo, type VideoAlertsRepo } from './video-alerts-repo'

describe('video alerts repository', () => {
  let dir: string
  let db: Db
  let repo: VideoAlertsRepo

  const add = (over: Parameters<typeof validVideoAlert>[0], drillRun = '') => {
    const alert = validVideoAlert({ snapshot: null, ...over, drill: drillRun !== '' })
    const snap = alert.snapshot ? checkSnapshot(alert.snapshot) : null
    if (snap && !snap.ok) throw new Error(snap.reason)
    return repo.apply({
      alert,
      snapshot: snap?.ok ? snap.value : null,
      rectificationSnapshot: null,
      topic: `zs/video/alerts/${alert.communityId}`,
      receivedAt: new Date().toISOString(),
      drillRun,
    })
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zs-video-repo-'))
    db = openDatabase({ dataDir: dir })
    repo = createVideoAlertsRepo(db)
  })
  afterEach(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('pages newest detected first by key, without gaps or repeats, also across equal times', () => {
    // 25 alerts over 10 distinct instants: ties are broken by id (then drill run).
    for (let i = 0; i < 25; i++) {
      const minute = String(i % 10).padStart(2, '0')
      add({ id: `VA-${String(i).padStart(3, '0')}`, detectedAt: `2026-11-27T21:${minute}:00+08:00` })
    }
    add({ id: 'VA-000', detectedAt: '2026-11-27T21:05:00+08:00' }, 'run-1')
    const seen: VideoAlertSummary[] = []
    let cursor: string | undefined
    for (let page = 0; page < 10; page++) {
      const r = repo.list({ limit: 4, cursor })
      seen.push(...r.items)
      if (!r.nextCursor) break
      cursor = r.nextCursor
    }
    expect(seen).toHaveLength(26)
    expect(new Set(seen.map((s) => s.key)).size).toBe(26)
    const times = seen.map((s) => Date.parse(s.detectedAt))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    expect(seen[0].detectedAt).toBe('2026-11-27T21:09:00+08:00')
  })

  it('filters by type, status, community, township and drill', () => {
    add({ id: 'A', type: 'garbage_overflow', communityId: 'C-SXY', townshipCode: '140724400' })
    add({ id: 'B', type: 'illegal_parking', status: 'confirmed', communityId: 'C-JBY', townshipCode: '140724400' })
    add({ id: 'C', type: 'pet_unleashed', communityId: 'C-JBY', townshipCode: '140724100' })
    add({ id: 'D', type: 'illegal_parking' }, 'run-7')
    const ids = (p: Parameters<VideoAlertsRepo['list']>[0]) =>
      repo
        .list(p)
        .items.map((s) => s.id)
        .sort()
    expect(ids({ type: 'illegal_parking' })).toEqual(['B', 'D'])
    expect(ids({ type: 'other' })).toEqual(['C'])
    expect(ids({ status: 'confirmed' })).toEqual(['B'])
    expect(ids({ communityId: 'C-JBY', drill: 'exclude' })).toEqual(['B', 'C'])
    expect(ids({ community: 'C-SXY' })).toEqual(['A'])
    expect(ids({ township: '140724100' })).toEqual(['C'])
    expect(ids({ townshipCode: '140724400', status: 'new', drill: 'exclude' })).toEqual(['A'])
    expect(ids({ drillRunId: 'run-7' })).toEqual(['D'])
    expect(ids({ type: '' as never, status: '' as never })).toEqual(['A', 'B', 'C', 'D'])
  })

  it('returns every version with its snapshot reference, newest first', () => {
    const png = testPng()
    add({ id: 'V', snapshot: { mime: 'image/png', base64: png.toString('base64') } })
    add({ id: 'V', version: 2, status: 'confirmed' })
    const got = repo.get('V')!
    expect(got.summary).toMatchObject({ version: 2, versionCount: 2, status: 'confirmed' })
    expect(got.versions.map((v) => [v.version, v.snapshot?.kind ?? null])).toEqual([
      [2, null],
      [1, 'stored'],
    ])
    expect(got.summary.snapshot).toEqual(got.versions[1].snapshot)
    expect(got.current).toMatchObject({ version: 2, status: 'confirmed' })
    expect(repo.get('V', 'run-1')).toBeNull()
    expect(repo.current('V')).toEqual({ version: 2, status: 'confirmed' })
    expect(repo.snapshot('0'.repeat(64))).toBeNull()
  })
})
