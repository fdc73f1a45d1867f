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

  describe('triage groups', () => {
    const NOW = Date.parse('2026-11-27T23:00:00+08:00')
    const at = (hhmm: string) => `2026-11-27T${hhmm}:00+08:00`

    it('groups the same camera and type while detections follow within the window, newest group first', () => {
      // Camera 03, parking: 21:00, 21:20, 21:45 chain (gaps ≤ 30 min); 22:30 starts a new group.
      add({ id: 'A1', detectedAt: at('21:00') })
      add({ id: 'A2', detectedAt: at('21:20') })
      add({ id: 'A3', detectedAt: at('21:45') })
      add({ id: 'A4', detectedAt: at('22:30') })
      // Same camera, other type; other camera, same type; no camera at all (never grouped).
      add({ id: 'B1', detectedAt: at('21:10'), type: 'fire_lane_blocked' })
      add({ id: 'C1', detectedAt: at('21:05'), cameraId: 'CAM-JBY-01' })
      add({ id: 'N1', detectedAt: at('21:01'), cameraId: null })
      add({ id: 'N2', detectedAt: at('21:02'), cameraId: null })
      // Another status: not in the pending tab; a drill alert: left out by default.
      add({ id: 'D1', detectedAt: at('21:30'), status: 'dismissed' })
      add({ id: 'A5', detectedAt: at('21:50') }, 'run-1')

      const t = repo.triage({ view: 'pending', windowMinutes: 30 }, NOW)
      expect(t.groups.map((g) => [g.latest.id, g.count])).toEqual([
        ['A4', 1],
        ['A3', 3],
        ['B1', 1],
        ['C1', 1],
        ['N2', 1],
        ['N1', 1],
      ])
      const chain = t.groups[1]
      expect(chain.memberKeys).toEqual(['A3', 'A2', 'A1'])
      expect(chain.firstDetectedAt).toBe(at('21:00'))
      expect(chain.lastDetectedAt).toBe(at('21:45'))
      expect(chain.latest.snapshot).toBeNull()
      expect(t.alerts).toBe(8)
      expect(t.viewCounts).toMatchObject({ pending: 8, done: 1, all: 9 })

      // A wider window joins 22:30 too; a zero window groups only identical instants.
      expect(repo.triage({ view: 'pending', windowMinutes: 60 }, NOW).groups[0]).toMatchObject({ count: 4 })
      expect(repo.triage({ view: 'pending', windowMinutes: 0 }, NOW).groups).toHaveLength(8)
      expect(repo.triage({ view: 'done' }, NOW).groups.map((g) => g.latest.id)).toEqual(['D1'])
      expect(repo.triage({ view: 'pending', drill: 'only' }, NOW).groups.map((g) => g.latest.key)).toEqual([
        'drill\u0001run-1\u0001A5',
      ])
      const page = repo.triage({ view: 'pending', limit: 2 }, NOW)
      expect(page).toMatchObject({ truncated: true, alerts: 4 })
      // Out of the period: nothing.
      expect(repo.triage({ view: 'pending', sinceHours: 1 }, NOW).groups.map((g) => g.latest.id)).toEqual(['A4'])
    })

    it('finds forward facts from the platform’s versions, with the hall’s command deadline as fallback', () => {
      const base = { id: 'F1', detectedAt: at('20:00') }
      add({ ...base })
      add({ ...base, version: 2, status: 'confirmed' })
      add({
        ...base,
        version: 3,
        status: 'forwarded',
        forwardedAt: at('20:10'),
        deadline: at('22:10'),
      } as Parameters<typeof validVideoAlert>[0])
      add({ ...base, version: 4, status: 'rectified', rectification: { at: at('21:10'), note: '已清理' } })
      // Forwarded without a deadline in the payload; the hall's acknowledged command has one.
      add({ id: 'F2', detectedAt: at('20:30'), version: 1 })
      add({ id: 'F2', detectedAt: at('20:30'), version: 2, status: 'forwarded', updatedAt: at('20:40') } as Parameters<
        typeof validVideoAlert
      >[0])
      db.prepare(
        `INSERT INTO outbox (command_id, target_type, target_id, base_version, action, operator_id, operator_name, topic,
           payload, state, issued_at) VALUES ('c1', 'video_alert', 'F2', 1, 'forward_property', 'op', '李娜', 't', ?, 'acknowledged', ?)`,
      ).run(JSON.stringify({ params: { deadline: at('21:00') } }), at('20:39'))
      const facts = repo.forwardFacts(Date.parse(at('00:00')), NOW)
      expect(facts.sort((a, b) => a.forwardedMs - b.forwardedMs)).toEqual([
        {
          propertyCompanyId: 'P-07',
          propertyCompanyName: '昔阳县安居物业服务有限公司',
          forwardedMs: Date.parse(at('20:10')),
          deadlineMs: Date.parse(at('22:10')),
          rectifiedMs: Date.parse(at('21:10')),
        },
        expect.objectContaining({
          forwardedMs: Date.parse(at('20:40')),
          deadlineMs: Date.parse(at('21:00')),
          rectifiedMs: null,
        }),
      ])
      expect(repo.forwardFacts(Date.parse(at('20:15')), NOW)).toHaveLength(1)
    })
  })
})
