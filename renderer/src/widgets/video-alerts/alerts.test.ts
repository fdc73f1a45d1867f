import { describe, expect, it } from 'vitest'
import type { VideoAlertSummary } from '../../../../electron/contract'
import { alertCards } from './alerts'

const alert = (id: string, over: Partial<VideoAlertSummary> = {}): VideoAlertSummary => ({
  key: id,
  id,
  version: 1,
  versionCount: 1,
  type: 'illegal_parking',
  rawType: 'illegal_parking',
  status: 'new',
  cameraId: 'CAM-1',
  cameraName: '东门',
  communityId: 'C-JBY',
  communityName: '金博园小区',
  propertyCompanyId: 'P-07',
  propertyCompanyName: '安居物业',
  townshipCode: '140724400',
  confidence: 0.9,
  boxCount: 1,
  detectedAt: '2026-11-27T21:14:05+08:00',
  receivedAt: '2026-11-27T21:14:06+08:00',
  snapshot: null,
  rectifiedAt: null,
  rectificationSnapshot: null,
  drill: false,
  drillRunId: null,
  ...over,
})

describe('alertCards', () => {
  const now = new Date('2026-11-27T22:00:00+08:00')
  it('shows the newest real alerts with place, company, time and their boxes', () => {
    const boxes = new Map([['A', [{ x: 0.1, y: 0.2, w: 0.3, h: 0.4, label: 'car' }]]])
    const cards = alertCards(
      [
        alert('A'),
        alert('D', { drill: true }),
        alert('B', { detectedAt: '2026-11-26T08:05:00+08:00', cameraName: null }),
      ],
      boxes,
      5,
      now,
    )
    expect(cards.map((c) => [c.id, c.place, c.time, c.boxes.length])).toEqual([
      ['A', '金博园小区 · 东门', '21:14:05', 1],
      ['B', '金博园小区', '11-26 08:05', 0],
    ])
  })
  it('keeps to the limit', () => {
    expect(alertCards([alert('A'), alert('B')], new Map(), 1, now)).toHaveLength(1)
    expect(alertCards(null, new Map(), 3, now)).toEqual([])
  })
})
