import { describe, expect, it } from 'vitest'
import { VIDEO_ALERT_TYPES, zsVideoAlertSchema } from '../contract'
import { buildXiyangRegistry } from './county'
import {
  cameraSceneVariant,
  createVideoAlertGenerator,
  SNAPSHOT_HEIGHT,
  SNAPSHOT_WIDTH,
  videoAlertTopic,
} from './video'

describe('video alert generator', () => {
  const registry = buildXiyangRegistry(1)

  it('makes valid new alerts for the registry’s communities with real PNG snapshots', () => {
    const gen = createVideoAlertGenerator({ registry, seed: 7, runTag: 'T' })
    const now = Date.parse('2026-11-27T21:14:05+08:00')
    const alerts = Array.from({ length: 60 }, (_, i) => gen.create(now + i * 1000)!)
    const communities = new Map(registry.communities.map((c) => [c.id, c]))
    for (const a of alerts) {
      const parsed = zsVideoAlertSchema.safeParse(a)
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
      expect(a).toMatchObject({ version: 1, status: 'new', drill: false })
      const c = communities.get(a.communityId)!
      expect(c).toBeDefined()
      expect(a.townshipCode).toBe(c.townshipCode)
      expect(a.propertyCompany?.id).toBe(c.propertyCompanyId)
      const snap = a.snapshot as { mime: string; base64: string }
      const png = Buffer.from(snap.base64, 'base64')
      expect(snap.mime).toBe('image/png')
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([SNAPSHOT_WIDTH, SNAPSHOT_HEIGHT])
      expect(a.boxes).toHaveLength(1)
      expect(videoAlertTopic('zs', a)).toBe(`zs/video/alerts/${a.communityId}`)
    }
    expect(new Set(alerts.map((a) => a.id)).size).toBe(60)
    // Mostly contract types, and now and then one the contract does not know (shown as other).
    expect(alerts.some((a) => !(VIDEO_ALERT_TYPES as readonly string[]).includes(a.type))).toBe(true)
    expect(alerts.filter((a) => (VIDEO_ALERT_TYPES as readonly string[]).includes(a.type)).length).toBeGreaterThan(40)
  })

  it('makes nothing without communities', () => {
    const gen = createVideoAlertGenerator({ registry: { ...registry, communities: [] }, seed: 1, runTag: 'T' })
    expect(gen.create(Date.now())).toBeNull()
  })

  it('repeats recent detections now and then (same camera and type), as noisy analytics does', () => {
    const now = Date.parse('2026-11-27T21:14:05+08:00')
    const noisy = createVideoAlertGenerator({ registry, seed: 9, runTag: 'T', repeatChance: 1 })
    const first = noisy.create(now)!
    const repeats = Array.from({ length: 5 }, (_, i) => noisy.create(now + (i + 1) * 60_000)!)
    for (const a of repeats) expect([a.cameraId, a.type]).toEqual([first.cameraId, first.type])
    expect(new Set(repeats.map((a) => a.id)).size).toBe(5)
    const quiet = createVideoAlertGenerator({ registry, seed: 9, runTag: 'T', repeatChance: 0 })
    const cams = Array.from({ length: 20 }, (_, i) => quiet.create(now + i)!.cameraId)
    expect(new Set(cams).size).toBeGreaterThan(10)
  })

  it('gives a camera the same scene every time', () => {
    expect(cameraSceneVariant('CAM-JBY-01')).toBe(cameraSceneVariant('CAM-JBY-01'))
    expect(cameraSceneVariant('CAM-JBY-01')).not.toBe(cameraSceneVariant('CAM-JBY-02'))
  })
})
