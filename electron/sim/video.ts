/**
 * The property-community video analytics, simulated: zs.video_alert/1 messages for the registry's
 * residential communities, each with a real PNG snapshot (a painted camera frame with the
 * detection box) and the box in fractions of the image. Alerts are published as `new`; the hall
 * moves them on with commands, which sim/video-platform.ts answers as the platform.
 */
import type { ZsVideoAlert } from '../contract'
import type { CountyRegistry, RegistryCommunity } from './county'
import { paintSnapshot, type FractionBox, type Rgb } from './png'
import { createRng, hashSeed, type Rng } from './random'
import { toShanghaiIso } from './time'

/** Snapshot size: small enough for the demo stream, big enough to see the box. */
export const SNAPSHOT_WIDTH = 320
export const SNAPSHOT_HEIGHT = 180

interface Camera {
  suffix: string
  name: string
  types: readonly string[]
}

/** Camera positions of a demo community and what each one watches. */
const CAMERAS: readonly Camera[] = [
  { suffix: '01', name: '东门', types: ['illegal_parking', 'fire_lane_blocked'] },
  { suffix: '02', name: '消防通道', types: ['fire_lane_blocked', 'illegal_parking'] },
  { suffix: '03', name: '垃圾收集点', types: ['garbage_overflow'] },
  { suffix: '04', name: '1号楼电梯厅', types: ['ebike_indoor'] },
  { suffix: '05', name: '中心广场', types: ['high_altitude_throw'] },
]

/**
 * Types and their weights. `high_altitude_throw` (高空抛物) is not a type of the contract: the
 * hall must accept it, keep it, and show it as `other`.
 */
const TYPE_WEIGHTS: readonly (readonly [string, number])[] = [
  ['illegal_parking', 35],
  ['garbage_overflow', 25],
  ['fire_lane_blocked', 20],
  ['ebike_indoor', 15],
  ['high_altitude_throw', 5],
]

const LOOK: Record<string, { label: string; color: Rgb; w: [number, number]; h: [number, number] }> = {
  illegal_parking: { label: 'car', color: [230, 60, 50], w: [0.18, 0.3], h: [0.16, 0.26] },
  fire_lane_blocked: { label: 'car', color: [240, 120, 20], w: [0.2, 0.34], h: [0.18, 0.28] },
  garbage_overflow: { label: 'garbage', color: [60, 170, 70], w: [0.15, 0.28], h: [0.15, 0.3] },
  ebike_indoor: { label: 'ebike', color: [240, 200, 30], w: [0.1, 0.18], h: [0.25, 0.4] },
  high_altitude_throw: { label: 'object', color: [170, 80, 220], w: [0.05, 0.1], h: [0.08, 0.14] },
}

export function videoAlertTopic(root: string, alert: Pick<ZsVideoAlert, 'communityId'>): string {
  return `${root}/video/alerts/${alert.communityId}`
}

/**
 * The scene of a camera (0–1): a fixed camera sees the same street every time, so its alerts and
 * the property company's "after" photo (sim/video-platform.ts) show the same place.
 */
export function cameraSceneVariant(cameraId: string): number {
  return (hashSeed(cameraId) % 1000) / 1000
}

export interface VideoAlertGenerator {
  /** A new alert (version 1, status `new`) detected at `nowMs`, or null when there are no communities. */
  create(nowMs: number): ZsVideoAlert | null
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits

export function createVideoAlertGenerator(opts: {
  registry: CountyRegistry
  seed: number
  /** Keeps alert ids unique across runs. */
  runTag: string
  /**
   * Video analytics is noisy: the chance that an alert repeats a recent detection (same camera,
   * same type, e.g. a car still parked), so the hall has repeats to group. Default 0.3.
   */
  repeatChance?: number
}): VideoAlertGenerator {
  const rng: Rng = createRng((opts.seed ^ 0x27d4eb2f) >>> 0)
  const communities: readonly RegistryCommunity[] = opts.registry.communities
  const companies = new Map(opts.registry.propertyCompanies.map((p) => [p.id, p]))
  // Repeats draw from their own stream, so a seed's other alerts stay as they were.
  const repeatRng: Rng = createRng((opts.seed ^ 0x165667b1) >>> 0)
  const repeatChance = Math.min(1, Math.max(0, opts.repeatChance ?? 0.3))
  const recent: { community: RegistryCommunity; type: string; camera: Camera }[] = []
  let seq = 0

  return {
    create(nowMs) {
      if (communities.length === 0) return null
      let community = rng.pick(communities)
      let type = rng.weighted(TYPE_WEIGHTS)
      const cameras = CAMERAS.filter((c) => c.types.includes(type))
      let camera = rng.pick(cameras.length ? cameras : CAMERAS)
      if (recent.length && repeatRng.chance(repeatChance)) {
        ;({ community, type, camera } = repeatRng.pick(recent))
      } else {
        recent.push({ community, type, camera })
        if (recent.length > 4) recent.shift()
      }
      const look = LOOK[type] ?? LOOK.illegal_parking
      const w = round(look.w[0] + rng.next() * (look.w[1] - look.w[0]))
      const h = round(look.h[0] + rng.next() * (look.h[1] - look.h[0]))
      const box: FractionBox = { x: round(rng.next() * (1 - w)), y: round(0.3 + rng.next() * (0.7 - h)), w, h }
      const code = community.id.replace(/^C-/, '')
      const cameraId = `CAM-${code}-${camera.suffix}`
      // Drawn and not used since scenes are per camera: keeps a seed's later alerts as they were.
      rng.next()
      const png = paintSnapshot(SNAPSHOT_WIDTH, SNAPSHOT_HEIGHT, box, look.color, cameraSceneVariant(cameraId))
      const company = companies.get(community.propertyCompanyId)
      seq++
      return {
        schema: 'zs.video_alert/1',
        id: `VA-${opts.runTag}${seq.toString(36).toUpperCase().padStart(4, '0')}`,
        version: 1,
        type,
        status: 'new',
        cameraId,
        cameraName: `${community.name}${camera.name}`,
        communityId: community.id,
        communityName: community.name,
        propertyCompany: company ? { id: company.id, name: company.name } : null,
        townshipCode: community.townshipCode,
        confidence: round(0.62 + rng.next() * 0.36, 2),
        detectedAt: toShanghaiIso(nowMs),
        snapshot: { mime: 'image/png', base64: png.toString('base64') },
        boxes: [{ ...box, label: look.label }],
        drill: false,
      }
    },
  }
}
