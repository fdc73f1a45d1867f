/**
 * Frigate MQTT messages for tests, modelled on Frigate's documented `frigate/reviews` and
 * `frigate/events` payloads (docs.frigate.video, "MQTT"), with a community's cameras.
 */
import type { FrigateConfigInput } from './frigate-config'

export const FRIGATE_CONFIG: FrigateConfigInput = {
  topicPrefix: 'frigate',
  baseUrl: 'http://nvr.jby.local:5000/',
  source: 'reviews',
  cameras: {
    jby_east_gate: {
      communityId: 'C-JBY',
      communityName: '金博园小区',
      townshipCode: '140724400',
      propertyCompany: { id: 'P-07', name: '昔阳县安居物业服务有限公司' },
      cameraId: 'CAM-JBY-01',
      cameraName: '金博园小区东门',
      detect: { width: 1280, height: 720 },
      zones: { fire_lane: { type: 'fire_lane_blocked' } },
      labels: { car: 'illegal_parking', motorcycle: 'illegal_parking', bicycle: 'ebike_indoor' },
    },
    jby_bins: {
      communityId: 'C-JBY',
      labels: { garbage: 'garbage_overflow' },
    },
  },
  minScore: 0.6,
  stationaryCooldownMinutes: 60,
}

/** 2026-11-27 21:14:05 +08:00 */
export const T0 = 1795785245.308396

export const reviewSide = (over: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  id: `${T0}-fqk5ka`,
  camera: 'jby_east_gate',
  start_time: T0,
  end_time: null,
  severity: 'alert',
  thumb_path: `/media/frigate/clips/review/thumb-jby_east_gate-${T0}-fqk5ka.webp`,
  data: {
    detections: [`${T0 - 0.4}-g92ztx`],
    objects: ['car'],
    sub_labels: [],
    zones: [],
    audio: [],
    ...data,
  },
  ...over,
})

export const review = (
  type: 'new' | 'update' | 'end',
  over: Record<string, unknown> = {},
  data: Record<string, unknown> = {},
) => {
  const after = reviewSide(over, data)
  return { type, before: type === 'new' ? after : reviewSide({}, {}), after }
}

export const eventSide = (over: Record<string, unknown> = {}) => ({
  id: `${T0}-cxa8gg`,
  camera: 'jby_east_gate',
  frame_time: T0 + 3,
  snapshot: { frame_time: T0 + 2, box: [415, 489, 528, 700], area: 23843, region: [260, 446, 660, 846], score: 0.77 },
  label: 'car',
  sub_label: null,
  top_score: 0.958984375,
  false_positive: false,
  start_time: T0,
  end_time: null,
  score: 0.7890625,
  box: [424, 500, 536, 712],
  area: 23744,
  ratio: 0.528,
  region: [264, 450, 667, 853],
  current_zones: ['driveway'],
  entered_zones: ['driveway'],
  thumbnail: null,
  has_snapshot: true,
  has_clip: true,
  stationary: false,
  motionless_count: 0,
  position_changes: 2,
  attributes: {},
  ...over,
})

export const event = (type: 'new' | 'update' | 'end', over: Record<string, unknown> = {}) => ({
  type,
  before: eventSide(),
  after: eventSide(over),
})
