import { describe, expect, it } from 'vitest'
import {
  activePlaylist,
  DEFAULT_WALL_CONFIG,
  inTimeRange,
  rotationStep,
  wallConfigSchema,
  type WallConfig,
} from './wall'

const at = (hhmm: string) => Date.parse(`2026-11-28T${hhmm}:00+08:00`)

describe('wall schedule', () => {
  it('applies a range past midnight from its start to its end (Asia/Shanghai)', () => {
    const m = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))
    expect(inTimeRange(m('22:00'), '22:00', '07:00')).toBe(true)
    expect(inTimeRange(m('03:30'), '22:00', '07:00')).toBe(true)
    expect(inTimeRange(m('07:00'), '22:00', '07:00')).toBe(false)
    expect(inTimeRange(m('12:00'), '08:00', '18:00')).toBe(true)
    expect(inTimeRange(m('18:00'), '08:00', '18:00')).toBe(false)
  })
  it('plays the night layout 22:00–07:00 and the default otherwise', () => {
    expect(activePlaylist(DEFAULT_WALL_CONFIG, at('23:10')).id).toBe('night')
    expect(activePlaylist(DEFAULT_WALL_CONFIG, at('06:59')).id).toBe('night')
    expect(activePlaylist(DEFAULT_WALL_CONFIG, at('07:00')).id).toBe('day')
    expect(activePlaylist(DEFAULT_WALL_CONFIG, at('14:00')).id).toBe('day')
  })
})

describe('rotationStep', () => {
  const day = DEFAULT_WALL_CONFIG.playlists[0] // overview 60 s, map 45 s
  it('shows each page for its own duration, then starts over', () => {
    expect(rotationStep(day, 0)).toEqual({ index: 0, remainingMs: 60_000 })
    expect(rotationStep(day, 59_999)).toEqual({ index: 0, remainingMs: 1 })
    expect(rotationStep(day, 60_000)).toEqual({ index: 1, remainingMs: 45_000 })
    expect(rotationStep(day, 105_000)).toEqual({ index: 0, remainingMs: 60_000 })
  })
})

describe('wallConfigSchema', () => {
  it('accepts the default and refuses unknown playlists, duplicates and bad durations, in Chinese', () => {
    expect(wallConfigSchema.safeParse(DEFAULT_WALL_CONFIG).success).toBe(true)
    const bad: WallConfig = {
      playlists: [
        { id: 'a', name: 'A', pages: [{ page: 'map', durationSec: 2, townshipCode: null }] },
        { id: 'a', name: 'B', pages: [{ page: 'overview', durationSec: 10, townshipCode: '12' }] },
      ],
      defaultPlaylistId: 'x',
      schedule: [{ playlistId: 'y', from: '25:00', to: '07:00' }],
    }
    const r = wallConfigSchema.safeParse(bad)
    expect(r.success).toBe(false)
    const messages = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]))
    expect(messages).toMatchObject({
      'playlists.0.pages.0.durationSec': '时长至少 5 秒',
      'playlists.1.pages.0.townshipCode': '乡镇代码须为 9 位数字',
      'schedule.0.from': '时间格式为 HH:MM',
    })
  })
  it('checks references once the shapes are right', () => {
    const r = wallConfigSchema.safeParse({
      ...DEFAULT_WALL_CONFIG,
      playlists: [DEFAULT_WALL_CONFIG.playlists[0], DEFAULT_WALL_CONFIG.playlists[0]],
      defaultPlaylistId: 'x',
      schedule: [{ playlistId: 'night', from: '22:00', to: '22:00' }],
    })
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['playlists.1.id', '播放列表编号重复'],
      ['defaultPlaylistId', '默认播放列表不存在'],
      ['schedule.0.playlistId', '播放列表不存在'],
      ['schedule.0.to', '结束时间须不同于开始时间'],
    ])
  })
})
