import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ZsZeroReport } from '../../contract'
import { sha256Hex } from '../domain/snapshot'
import { testJpeg, testPng, validVideoAlert } from '../domain/test-images'
import { createCountersRepo } from '../store/counters-repo'
import { openDatabase, type Db } from '../store/database'
import { createEventsRepo } from '../store/events-repo'
import { createQuarantineRepo } from '../store/quarantine-repo'
import { createRegistryRepo } from '../store/registry-repo'
import { createVideoAlertsRepo } from '../store/video-alerts-repo'
import { createZeroReportsRepo } from '../store/zero-reports-repo'
import { createIngest } from './ingest'

const enc = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v))
const b64 = (b: Buffer) => b.toString('base64')

const zeroReport = (over: Partial<ZsZeroReport> = {}): ZsZeroReport => ({
  schema: 'zs.zero_report/1',
  id: 'ZR-20261127-140724100',
  date: '2026-11-27',
  unitCode: '140724100',
  unitName: '乐平镇',
  level: 'township',
  nothingToReport: true,
  note: '',
  reportedAt: '2026-11-27T08:41:00+08:00',
  ...over,
})

describe('ingest of video alerts and zero reports', () => {
  let dir: string
  let db: Db
  const make = () => {
    db = openDatabase({ dataDir: dir })
    const quarantine = createQuarantineRepo(db)
    const counters = createCountersRepo(db)
    const videoAlerts = createVideoAlertsRepo(db)
    const zeroReports = createZeroReportsRepo(db)
    const ingest = createIngest({
      db,
      topicRoot: 'zs',
      hallId: 'hall-1',
      events: createEventsRepo(db),
      quarantine,
      registry: createRegistryRepo(db),
      counters,
      videoAlerts,
      zeroReports,
    })
    const snapshotRows = () => (db.prepare('SELECT count(*) AS n FROM video_snapshots').get() as { n: number }).n
    const lastReason = () => quarantine.list(undefined, 1).items[0]?.reason
    return { ingest, quarantine, counters, videoAlerts, zeroReports, snapshotRows, lastReason }
  }
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zs-ingest-alerts-'))
  })
  afterEach(() => {
    db?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const topic = 'zs/video/alerts/C-JBY'

  it('keeps the highest version as the state, every version as the trace, and counts duplicates and stale', () => {
    const { ingest, counters, videoAlerts, snapshotRows } = make()
    expect(ingest.ingest(topic, enc(validVideoAlert()))).toMatchObject({ kind: 'video_alert', outcome: 'new' })
    expect(ingest.ingest(topic, enc(validVideoAlert({ version: 3, status: 'forwarded' })))).toMatchObject({
      outcome: 'updated',
      summary: { version: 3, status: 'forwarded', versionCount: 2 },
    })
    expect(ingest.ingest(topic, enc(validVideoAlert({ version: 2, status: 'confirmed' })))).toMatchObject({
      outcome: 'stale',
      summary: { version: 3, versionCount: 3 },
    })
    expect(ingest.ingest(topic, enc(validVideoAlert({ version: 3, status: 'forwarded' })))).toMatchObject({
      outcome: 'duplicate',
      id: 'VA-8f1c2',
    })
    expect(counters.snapshot()).toMatchObject({ received: 4, stored: 2, stale: 1, duplicates: 1, quarantined: 0 })
    const got = videoAlerts.get('VA-8f1c2')!
    expect(got.summary).toMatchObject({ version: 3, status: 'forwarded', versionCount: 3, communityName: '金博园小区' })
    expect(got.versions.map((v) => v.version)).toEqual([3, 2, 1])
    // The same picture in three versions is stored once.
    expect(snapshotRows()).toBe(1)
  })

  it('stores the image outside the hot tables, referenced by sha256, with its checked mime and size', () => {
    const { ingest, videoAlerts } = make()
    const png = testPng(320, 180)
    ingest.ingest(topic, enc(validVideoAlert({ snapshot: { mime: 'image/png', base64: b64(png) } })))
    const { summary, versions, current } = videoAlertsGet(videoAlerts)
    const sha = sha256Hex(png)
    expect(summary.snapshot).toEqual({
      kind: 'stored',
      mime: 'image/png',
      sha256: sha,
      size: png.length,
      width: 320,
      height: 180,
      url: `/api/video-snapshots/${sha}`,
    })
    expect(versions[0].snapshot).toEqual(summary.snapshot)
    // The trace keeps the payload without the base64 but with what identifies the bytes.
    expect(current.snapshot).toEqual({ mime: 'image/png', sha256: sha, size: png.length, width: 320, height: 180 })
    expect(JSON.stringify(versions)).not.toContain(b64(png).slice(0, 40))
    expect(videoAlerts.snapshot(sha)!.bytes.equals(png)).toBe(true)
    expect(videoAlerts.snapshot(sha)!.mime).toBe('image/png')
    const hot = db.prepare('SELECT * FROM video_alerts').get() as Record<string, unknown>
    expect(Object.values(hot).some((v) => Buffer.isBuffer(v))).toBe(false)
  })

  it('keeps the newest picture when a later version comes without one; stores rectification photos too', () => {
    const { ingest, videoAlerts, snapshotRows } = make()
    const before = testPng(32, 18, [200, 0, 0])
    const after = testJpeg(64, 48)
    ingest.ingest(topic, enc(validVideoAlert({ snapshot: { mime: 'image/png', base64: b64(before) } })))
    ingest.ingest(topic, enc(validVideoAlert({ version: 2, status: 'confirmed', snapshot: null })))
    expect(videoAlerts.summary('VA-8f1c2')!.snapshot).toMatchObject({ sha256: sha256Hex(before) })
    ingest.ingest(
      topic,
      enc(
        validVideoAlert({
          version: 4,
          status: 'rectified',
          snapshot: undefined,
          rectification: {
            at: '2026-11-28T09:00:00+08:00',
            note: '已挪车',
            snapshot: { mime: 'image/jpeg', base64: b64(after) },
          },
        }),
      ),
    )
    const s = videoAlerts.summary('VA-8f1c2')!
    expect(s.snapshot).toMatchObject({ sha256: sha256Hex(before) })
    expect(s.rectifiedAt).toBe('2026-11-28T09:00:00+08:00')
    expect(s.rectificationSnapshot).toMatchObject({ kind: 'stored', mime: 'image/jpeg', width: 64, height: 48 })
    expect(snapshotRows()).toBe(2)
    const v4 = videoAlerts.get('VA-8f1c2')!.versions[0]
    expect(v4.snapshot).toBeNull()
    expect(v4.rectificationSnapshot).toMatchObject({ sha256: sha256Hex(after) })
  })

  it('keeps URL snapshots as remote references', () => {
    const { ingest, videoAlerts } = make()
    ingest.ingest(topic, enc(validVideoAlert({ snapshot: { url: 'https://platform.example/snap/1.jpg' } })))
    const got = videoAlerts.get('VA-8f1c2')!
    expect(got.summary.snapshot).toEqual({ kind: 'remote', url: 'https://platform.example/snap/1.jpg' })
    expect(got.versions[0].snapshot).toEqual({ kind: 'remote', url: 'https://platform.example/snap/1.jpg' })
  })

  it('accepts unknown types, keeps them, and shows them as other', () => {
    const { ingest, videoAlerts } = make()
    ingest.ingest(topic, enc(validVideoAlert({ type: 'high_altitude_throw' })))
    expect(videoAlerts.summary('VA-8f1c2')).toMatchObject({ type: 'other', rawType: 'high_altitude_throw' })
    expect(videoAlerts.list({ type: 'other' }).items).toHaveLength(1)
  })

  it.each([
    [
      'a PNG header on garbage',
      { mime: 'image/png', base64: b64(Buffer.concat([testPng().subarray(0, 8), Buffer.from('garbage!')])) },
      /^snapshot: not a well-formed PNG/,
    ],
    [
      'JPEG declared, PNG bytes',
      { mime: 'image/jpeg', base64: b64(testPng()) },
      /^snapshot: declared image\/jpeg but the bytes are a PNG$/,
    ],
    [
      'bytes that are no image',
      { mime: 'image/png', base64: b64(Buffer.from('<svg onload="alert(1)"/>')) },
      /^snapshot: bytes are not a PNG$/,
    ],
    ['bad base64', { mime: 'image/png', base64: 'iVBORw0KGgo=AAAA' }, /^snapshot: base64 has an invalid character/],
    ['an SVG', { mime: 'image/svg+xml', base64: b64(Buffer.from('<svg/>')) }, /^snapshot: mime "image\/svg\+xml"/],
    ['a javascript: URL', { url: 'javascript:alert(1)' }, /^snapshot: url scheme "javascript:"/],
  ])('quarantines an alert whose snapshot is %s', (_what, snapshot, why) => {
    const { ingest, videoAlerts, lastReason, snapshotRows } = make()
    expect(ingest.ingest(topic, enc(validVideoAlert({ snapshot })))).toMatchObject({ kind: 'quarantined' })
    expect(lastReason()).toMatch(why)
    expect(videoAlerts.count()).toBe(0)
    expect(snapshotRows()).toBe(0)
  })

  it('quarantines an oversized snapshot and an oversized message', () => {
    const { ingest, lastReason } = make()
    // One byte over 2 MiB: the longest base64 the schema lets through, refused by the byte check.
    const justOver = Buffer.concat([testPng(), Buffer.alloc(2 * 1024 * 1024 + 1 - testPng().length)])
    ingest.ingest(topic, enc(validVideoAlert({ snapshot: { mime: 'image/png', base64: b64(justOver) } })))
    expect(lastReason()).toBe('snapshot: 2097153 bytes decoded exceeds the 2097152-byte limit')
    // Far over: refused by the schema already.
    const big = Buffer.alloc(2.5 * 1024 * 1024)
    ingest.ingest(topic, enc(validVideoAlert({ snapshot: { mime: 'image/png', base64: b64(big) } })))
    expect(lastReason()).toMatch(/^schema: snapshot\.base64: Too big/)
    ingest.ingest(topic, Buffer.alloc(4 * 1024 * 1024 + 1, 0x20))
    expect(lastReason()).toMatch(/^too_large: 4194305 bytes exceeds the 4194304-byte limit/)
  })

  it('quarantines schema errors, a community that does not match the topic, and a wrong drill flag', () => {
    const { ingest, lastReason, videoAlerts } = make()
    ingest.ingest(topic, enc(validVideoAlert({ confidence: 1.5 })))
    expect(lastReason()).toMatch(/^schema: confidence/)
    ingest.ingest(topic, enc(validVideoAlert({ boxes: [{ x: 0.9, y: 0.1, w: 0.2, h: 0.1 }] })))
    expect(lastReason()).toMatch(/^schema: boxes\.0: the box extends beyond the image/)
    ingest.ingest(topic, enc(validVideoAlert({ detectedAt: '2026-11-27T21:14:05' })))
    expect(lastReason()).toMatch(/^schema: detectedAt/)
    ingest.ingest(topic, enc(validVideoAlert({ status: 'closed' as never })))
    expect(lastReason()).toMatch(/^schema: status/)
    ingest.ingest('zs/video/alerts/C-OTHER', enc(validVideoAlert()))
    expect(lastReason()).toMatch(/^topic_mismatch: topic community "C-OTHER"/)
    ingest.ingest(topic, enc(validVideoAlert({ drill: true })))
    expect(lastReason()).toMatch(/^drill_flag/)
    ingest.ingest('zs/drill/run-1/video/alerts/C-JBY', enc(validVideoAlert({ drill: false })))
    expect(lastReason()).toMatch(/^drill_flag/)
    expect(videoAlerts.count()).toBe(0)
  })

  it('keeps drill alerts apart from real ones with the same id', () => {
    const { ingest, videoAlerts } = make()
    ingest.ingest(topic, enc(validVideoAlert()))
    expect(
      ingest.ingest('zs/drill/run-1/video/alerts/C-JBY', enc(validVideoAlert({ drill: true, status: 'confirmed' }))),
    ).toMatchObject({
      outcome: 'new',
      summary: { drill: true, drillRunId: 'run-1', key: 'drill\u0001run-1\u0001VA-8f1c2' },
    })
    expect(videoAlerts.summary('VA-8f1c2')!.status).toBe('new')
    expect(videoAlerts.summary('VA-8f1c2', 'run-1')!.status).toBe('confirmed')
    expect(videoAlerts.list({ drill: 'exclude' }).items).toHaveLength(1)
    expect(videoAlerts.list({ drill: 'only' }).items[0].drillRunId).toBe('run-1')
  })

  describe('zero reports', () => {
    const zrTopic = 'zs/zero-reports/140724100'

    it('stores one report per unit and day; a later one replaces it, an earlier one is stale', () => {
      const { ingest, zeroReports, counters } = make()
      expect(ingest.ingest(zrTopic, enc(zeroReport()))).toMatchObject({ kind: 'zero_report', outcome: 'new' })
      expect(ingest.ingest(zrTopic, enc(zeroReport()))).toMatchObject({ outcome: 'duplicate' })
      const correction = zeroReport({
        id: 'ZR-20261127-140724100-2',
        nothingToReport: false,
        note: '补报：1起纠纷',
        reportedAt: '2026-11-27T09:30:00+08:00',
      })
      expect(ingest.ingest(zrTopic, enc(correction))).toMatchObject({
        outcome: 'replaced',
        report: { nothingToReport: false, note: '补报：1起纠纷', reportCount: 2 },
      })
      const older = zeroReport({ id: 'ZR-old', reportedAt: '2026-11-27T07:00:00+08:00' })
      expect(ingest.ingest(zrTopic, enc(older))).toMatchObject({
        outcome: 'stale',
        report: { id: 'ZR-20261127-140724100-2', reportCount: 3 },
      })
      ingest.ingest(zrTopic, enc(zeroReport({ date: '2026-11-28', reportedAt: '2026-11-28T08:00:00+08:00' })))
      expect(counters.snapshot()).toMatchObject({ received: 5, stored: 3, duplicates: 1, stale: 1 })
      const day = zeroReports.forDate('2026-11-27')
      expect(day).toHaveLength(1)
      expect(day[0]).toMatchObject({ unitCode: '140724100', id: 'ZR-20261127-140724100-2', reportCount: 3 })
      expect(zeroReports.history('2026-11-27', '140724100').map((h) => h.payload.id)).toEqual([
        'ZR-20261127-140724100',
        'ZR-20261127-140724100-2',
        'ZR-old',
      ])
      expect(zeroReports.forDate('2026-11-28')).toHaveLength(1)
    })

    it('quarantines bad reports and keeps drill reports apart', () => {
      const { ingest, zeroReports, lastReason } = make()
      ingest.ingest(zrTopic, enc(zeroReport({ date: '2026-02-30' })))
      expect(lastReason()).toMatch(/^schema: date: not a calendar date/)
      ingest.ingest(zrTopic, enc(zeroReport({ nothingToReport: 'yes' as never })))
      expect(lastReason()).toMatch(/^schema: nothingToReport/)
      ingest.ingest('zs/zero-reports/140724101', enc(zeroReport()))
      expect(lastReason()).toMatch(/^topic_mismatch: topic unit "140724101"/)
      ingest.ingest(zrTopic, Buffer.alloc(64 * 1024 + 1, 0x20))
      expect(lastReason()).toMatch(/^too_large/)
      ingest.ingest('zs/drill/r9/zero-reports/140724100', enc(zeroReport()))
      expect(lastReason()).toMatch(/^drill_flag/)
      ingest.ingest('zs/drill/r9/zero-reports/140724100', enc(zeroReport({ drill: true })))
      expect(zeroReports.forDate('2026-11-27')).toHaveLength(0)
      expect(zeroReports.forDate('2026-11-27', 'r9')[0]).toMatchObject({ drill: true, drillRunId: 'r9' })
    })
  })
})

function videoAlertsGet(repo: ReturnType<typeof createVideoAlertsRepo>) {
  const got = repo.get('VA-8f1c2')
  if (!got) throw new Error('alert not stored')
  return got as typeof got & { current: { snapshot?: unknown } }
}
