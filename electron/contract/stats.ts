/**
 * The wall's statistics methods (`stats.*`, scope read) and their result shapes. Every figure is
 * defined in docs/statistics.md; drill events never count.
 */
import { z } from 'zod'
import type { MethodDef } from './api'
import { isoTimestamp } from './payloads'

/** A rate in per cent (one decimal), null when there is nothing to divide by. */
const rate = z.number().min(0).max(100).nullable()

export const statsKpisSchema = z.object({
  generatedAt: isoTimestamp,
  /** Days of the rolling window of the rates (today included). */
  windowDays: z.int(),
  eventsToday: z.int(),
  pendingAcceptance: z.int(),
  inProgress: z.int(),
  overdue: z.int(),
  finishedToday: z.int(),
  /** 按期办结率: of the events of the window that are finished, the share finished by their deadline. */
  onTimeRate: rate,
  /** 满意率: of the window's events with a return visit, the share 满意 or 基本满意. */
  satisfactionRate: rate,
  videoAlertsToday: z.int(),
  zeroReports: z.object({ date: z.string(), received: z.int(), expected: z.int() }),
})
export type StatsKpis = z.infer<typeof statsKpisSchema>

export const statsHourlySchema = z.object({
  generatedAt: isoTimestamp,
  /** The last 24 hours up to the current one, oldest first; `dayBefore` is the same hour 24 h earlier. */
  hours: z.array(z.object({ hourStart: isoTimestamp, count: z.int(), dayBefore: z.int() })),
})
export type StatsHourly = z.infer<typeof statsHourlySchema>

const breakdownItem = z.object({ key: z.string(), today: z.int(), window: z.int() })
export const statsBreakdownSchema = z.object({
  generatedAt: isoTimestamp,
  windowDays: z.int(),
  /** 五源 (and video): events reported today and in the window, per source. */
  sources: z.array(breakdownItem),
  /** 三大功能: per domain (governance 综治管理, enforcement 综合执法, service 政务服务). */
  domains: z.array(breakdownItem),
})
export type StatsBreakdown = z.infer<typeof statsBreakdownSchema>

export const placeRankSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** Reported in the window. */
  events: z.int(),
  /** Open now (not finished, not rejected), whenever reported. */
  open: z.int(),
  /** Open now with their deadline passed. */
  overdue: z.int(),
  finished: z.int(),
  onTime: z.int(),
  onTimeRate: rate,
})
export type PlaceRank = z.infer<typeof placeRankSchema>
export const statsPlacesSchema = z.object({
  generatedAt: isoTimestamp,
  windowDays: z.int(),
  /** The township whose villages these are; null for the townships of the county. */
  townshipCode: z.string().nullable(),
  items: z.array(placeRankSchema.extend({ lat: z.number().nullable(), lng: z.number().nullable() })),
})
export type StatsPlaces = z.infer<typeof statsPlacesSchema>

const gridCounts = z.object({
  villages: z.int(),
  grids: z.int(),
  microGrids: z.int(),
  dedicatedGrids: z.int(),
  gridWorkers: z.int(),
  households: z.int(),
})
export const statsGridsSchema = z.object({
  registryVersion: z.int().nullable(),
  total: gridCounts,
  townships: z.array(gridCounts.extend({ code: z.string(), name: z.string() })),
})
export type StatsGrids = z.infer<typeof statsGridsSchema>

export const statsUnitsSchema = z.object({
  generatedAt: isoTimestamp,
  windowDays: z.int(),
  /** 一周一督办: units that were given events reported in the window. */
  items: z.array(
    z.object({
      unitId: z.string(),
      name: z.string(),
      assigned: z.int(),
      finished: z.int(),
      onTime: z.int(),
      onTimeRate: rate,
      overdue: z.int(),
    }),
  ),
})
export type StatsUnits = z.infer<typeof statsUnitsSchema>

export const statsPropertyCompaniesSchema = z.object({
  generatedAt: isoTimestamp,
  windowDays: z.int(),
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      /** Alerts of the window sent to the company (forwarded or later). */
      forwarded: z.int(),
      /** Of those, reported fixed (rectified) or checked by the hall (verified). */
      rectified: z.int(),
      rectificationRate: rate,
    }),
  ),
})
export type StatsPropertyCompanies = z.infer<typeof statsPropertyCompaniesSchema>

export const GOAL_KEYS = ['disputes', 'hazards', 'hard_problems', 'opinion', 'coordination', 'decisions'] as const
export const statsGoalsSchema = z.object({
  generatedAt: isoTimestamp,
  windowDays: z.int(),
  goals: z.array(
    z.object({
      key: z.enum(GOAL_KEYS),
      /** The measure in per cent; null when the window has nothing to measure. */
      value: rate,
      numerator: z.int(),
      denominator: z.int(),
      /** Events of the window counted towards this goal. */
      events: z.int(),
    }),
  ),
})
export type StatsGoals = z.infer<typeof statsGoalsSchema>

const windowParam = (def: number) => z.coerce.number().int().min(1).max(366).default(def)

export const statsMethods = {
  'stats.kpis': {
    scope: 'read',
    summary:
      'Today’s KPIs for the wall: events today, pending, in progress, overdue, on-time and satisfaction rates, video alerts, zero reports',
    params: z.object({ windowDays: windowParam(30) }).optional(),
    result: statsKpisSchema,
    http: { path: '/api/stats/kpis' },
  },
  'stats.hourly': {
    scope: 'read',
    summary: 'Events reported per hour in the last 24 hours and in the same hours the day before',
    params: z.object({}).optional(),
    result: statsHourlySchema,
    http: { path: '/api/stats/hourly' },
  },
  'stats.breakdown': {
    scope: 'read',
    summary: 'Events per source (五源) and per domain (三大功能), today and in the window',
    params: z.object({ windowDays: windowParam(30) }).optional(),
    result: statsBreakdownSchema,
    http: { path: '/api/stats/breakdown' },
  },
  'stats.places': {
    scope: 'read',
    summary: 'Township ranking (events, open, overdue, on-time rate); with townshipCode, the villages of that township',
    params: z
      .object({
        windowDays: windowParam(30),
        townshipCode: z
          .string()
          .regex(/^\d{6,12}$/)
          .optional(),
      })
      .optional(),
    result: statsPlacesSchema,
    http: { path: '/api/stats/places' },
  },
  'stats.grids': {
    scope: 'read',
    summary:
      'Grid overview (网格概况) from the registry: grids, micro-grids, dedicated grids, workers, households per township',
    params: z.object({}).optional(),
    result: statsGridsSchema,
    http: { path: '/api/stats/grids' },
  },
  'stats.units': {
    scope: 'read',
    summary: 'Department response ranking (一周一督办): events given to each unit, finished on time, overdue',
    params: z.object({ windowDays: windowParam(7) }).optional(),
    result: statsUnitsSchema,
    http: { path: '/api/stats/units' },
  },
  'stats.propertyCompanies': {
    scope: 'read',
    summary: 'Property-company rectification ranking: community video alerts forwarded and rectified',
    params: z.object({ windowDays: windowParam(30) }).optional(),
    result: statsPropertyCompaniesSchema,
    http: { path: '/api/stats/property-companies' },
  },
  'stats.goals': {
    scope: 'read',
    summary: 'The six goals (六个目标), each with its measure from the data',
    params: z.object({ windowDays: windowParam(30) }).optional(),
    result: statsGoalsSchema,
    http: { path: '/api/stats/goals' },
  },
} as const satisfies Record<string, MethodDef>
