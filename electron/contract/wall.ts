/**
 * Wall rotation: playlists of wall pages with a duration (and an optional township filter) per
 * page, and a schedule that picks the playlist by time of day (e.g. a night layout 22:00–07:00).
 * One configuration per hall, stored in SQLite, edited by the shift lead, pushed to the walls live.
 * The rules that apply it are pure and isomorphic (`activePlaylist`, `rotationStep`).
 */
import { z } from 'zod'
import type { MethodDef } from './api'
import type { Scope } from './auth'
import { isoTimestamp } from './payloads'

export const WALL_PAGE_NAMES = ['overview', 'map'] as const
export const HH_MM_TIME = /^([01]\d|2[0-3]):[0-5]\d$/

export const wallPageEntrySchema = z.object({
  page: z.enum(WALL_PAGE_NAMES),
  /** Seconds the page stays on screen. */
  durationSec: z.int('时长须为整数秒').min(5, '时长至少 5 秒').max(3600, '时长最多 3600 秒'),
  /** Only this township (code), when set: the map page shows its villages. */
  townshipCode: z
    .string()
    .regex(/^\d{9}$/, '乡镇代码须为 9 位数字')
    .nullish(),
})
export type WallPageEntry = z.infer<typeof wallPageEntrySchema>

export const wallPlaylistSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,32}$/, '编号须为 1–32 位小写字母、数字或连字符'),
  name: z.string().trim().min(1, '请填写播放列表名称').max(40, '名称最多 40 字'),
  pages: z.array(wallPageEntrySchema).min(1, '至少一个页面').max(20, '最多 20 个页面'),
})
export type WallPlaylist = z.infer<typeof wallPlaylistSchema>

export const wallScheduleEntrySchema = z.object({
  playlistId: z.string(),
  /** Start, HH:MM Asia/Shanghai (inclusive). */
  from: z.string().regex(HH_MM_TIME, '时间格式为 HH:MM'),
  /** End, HH:MM (exclusive); earlier than `from` means the range runs past midnight. */
  to: z.string().regex(HH_MM_TIME, '时间格式为 HH:MM'),
})
export type WallScheduleEntry = z.infer<typeof wallScheduleEntrySchema>

export const wallConfigSchema = z
  .object({
    playlists: z.array(wallPlaylistSchema).min(1, '至少一个播放列表').max(10, '最多 10 个播放列表'),
    /** Played whenever no schedule entry applies. */
    defaultPlaylistId: z.string(),
    schedule: z.array(wallScheduleEntrySchema).max(10, '最多 10 条时段'),
  })
  .superRefine((c, ctx) => {
    const ids = new Set<string>()
    c.playlists.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: ['playlists', i, 'id'], message: '播放列表编号重复' })
      ids.add(p.id)
    })
    if (!ids.has(c.defaultPlaylistId))
      ctx.addIssue({ code: 'custom', path: ['defaultPlaylistId'], message: '默认播放列表不存在' })
    c.schedule.forEach((s, i) => {
      if (!ids.has(s.playlistId))
        ctx.addIssue({ code: 'custom', path: ['schedule', i, 'playlistId'], message: '播放列表不存在' })
      if (s.from === s.to)
        ctx.addIssue({ code: 'custom', path: ['schedule', i, 'to'], message: '结束时间须不同于开始时间' })
    })
  })
export type WallConfig = z.infer<typeof wallConfigSchema>

export const wallConfigStateSchema = z.object({
  config: wallConfigSchema,
  /** 0 for the built-in default (never saved). */
  version: z.int(),
  updatedAt: isoTimestamp.nullable(),
  updatedBy: z.string().nullable(),
})
export type WallConfigState = z.infer<typeof wallConfigStateSchema>

/** What a hall plays until the shift lead saves its own: the overview and the map by day, the map by night. */
export const DEFAULT_WALL_CONFIG: WallConfig = {
  playlists: [
    {
      id: 'day',
      name: '日间',
      pages: [
        { page: 'overview', durationSec: 60, townshipCode: null },
        { page: 'map', durationSec: 45, townshipCode: null },
      ],
    },
    { id: 'night', name: '夜间', pages: [{ page: 'map', durationSec: 120, townshipCode: null }] },
  ],
  defaultPlaylistId: 'day',
  schedule: [{ playlistId: 'night', from: '22:00', to: '07:00' }],
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
/** Minutes since midnight in Asia/Shanghai. */
export const hallMinuteOfDay = (ms: number) => Math.floor(((ms + 8 * 3_600_000) % 86_400_000) / 60_000)

/** Whether `minute` (of the day) is in [from, to), wrapping past midnight when to < from. */
export function inTimeRange(minute: number, from: string, to: string): boolean {
  const a = minutesOf(from)
  const b = minutesOf(to)
  return a < b ? minute >= a && minute < b : minute >= a || minute < b
}

/** The playlist to play at `nowMs`: the first schedule entry that applies, else the default. */
export function activePlaylist(config: WallConfig, nowMs: number): WallPlaylist {
  const minute = hallMinuteOfDay(nowMs)
  const byId = new Map(config.playlists.map((p) => [p.id, p]))
  for (const s of config.schedule) {
    const p = byId.get(s.playlistId)
    if (p && inTimeRange(minute, s.from, s.to)) return p
  }
  return byId.get(config.defaultPlaylistId) ?? config.playlists[0]
}

/** Which page of a playlist is on screen `elapsedMs` after it started, and for how much longer. */
export function rotationStep(playlist: WallPlaylist, elapsedMs: number): { index: number; remainingMs: number } {
  const total = playlist.pages.reduce((n, p) => n + p.durationSec * 1000, 0)
  let t = ((elapsedMs % total) + total) % total
  for (let i = 0; i < playlist.pages.length; i++) {
    const d = playlist.pages[i].durationSec * 1000
    if (t < d) return { index: i, remainingMs: d - t }
    t -= d
  }
  return { index: 0, remainingMs: playlist.pages[0].durationSec * 1000 }
}

export const wallMethods = {
  'wall.getConfig': {
    scope: 'read' as Scope,
    summary: 'The wall rotation: playlists (pages, durations, filters) and the schedule',
    params: z.object({}).optional(),
    result: wallConfigStateSchema,
    http: { path: '/api/wall/config' },
  },
  'wall.setConfig': {
    scope: 'lead' as Scope,
    summary: 'Replace the wall rotation (shift lead); the walls apply it at once',
    params: z.object({ config: wallConfigSchema, baseVersion: z.int().min(0) }),
    result: wallConfigStateSchema,
  },
} as const satisfies Record<string, MethodDef>

export const wallLiveEvents = {
  'wall.onDidChangeConfig': {
    scope: 'read' as Scope,
    summary: 'The wall rotation was changed (the new configuration)',
    data: z.object({ items: z.array(wallConfigStateSchema) }),
  },
} as const
