/** A valid zs.event/1 for unit tests (the contract's own example). */
import type { ZsEvent } from '../../contract'

export function validEvent(overrides: Partial<ZsEvent> = {}): ZsEvent {
  return {
    schema: 'zs.event/1',
    id: 'EV-20261127-000123',
    version: 1,
    source: 'grid_patrol',
    channel: 'patrol',
    domain: 'governance',
    category: 'hazard',
    severity: 2,
    title: '东固壁村沟渠发现疑似遗弃危废品',
    description: '网格员巡查发现约20桶不明液体……',
    status: 'reported',
    location: {
      townshipCode: '140724102',
      township: '冶头镇',
      village: '东固壁村',
      address: '东固壁村北沟',
      lat: 37.62,
      lng: 113.85,
    },
    reporter: { name: '王建军', phone: '13935400000', role: 'grid_worker' },
    occurredAt: '2026-11-27T09:12:00+08:00',
    reportedAt: '2026-11-27T09:20:31+08:00',
    updatedAt: '2026-11-27T09:20:31+08:00',
    drill: false,
    ...overrides,
  }
}
