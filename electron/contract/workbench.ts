/**
 * The duty officer's workbench: the queue that answers "what needs me now" (tabs, their filters
 * and counts) and the SLA settings it works with. The methods are declared in api.ts.
 */
import { z } from 'zod'
import { DOMAINS, EVENT_SOURCES, isoTimestamp } from './payloads'
import { slaSettingsSchema } from './sla'

/**
 * The queue's tabs: 待受理 (new, unaccepted; highest severity first, then the longest waiting),
 * 即将超期 (open, deadline within the due-soon window; nearest first), 已超期 (open, deadline
 * passed; the longest overdue first), 督办 (supervised open events; nearest deadline first).
 * 全部 is the ordinary list (events.list).
 */
export const QUEUE_TABS = ['unaccepted', 'due_soon', 'overdue', 'supervised'] as const
export type QueueTab = (typeof QUEUE_TABS)[number]

const optional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), s.optional())

/** Filters of the queue (each tab and its count), all optional. */
export const queueFiltersSchema = z.object({
  source: optional(z.enum(EVENT_SOURCES)),
  domain: optional(z.enum(DOMAINS)),
  category: optional(z.string().max(64)),
  severity: optional(z.coerce.number().int().min(1).max(4)),
  townshipCode: optional(z.string().max(32)),
  villageCode: optional(z.string().max(32)),
  text: optional(z.string().max(200)),
})
export type QueueFilters = z.input<typeof queueFiltersSchema>

export const queueParamsSchema = queueFiltersSchema.extend({
  tab: z.enum(QUEUE_TABS),
  /** Queues are open work (small sets): paged by offset. */
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(200),
})
export type QueueParams = z.input<typeof queueParamsSchema>

export const queueCountsSchema = z.object({
  generatedAt: isoTimestamp,
  unaccepted: z.int(),
  due_soon: z.int(),
  overdue: z.int(),
  supervised: z.int(),
  /** Real events matching the filters; null when a filter has no exact count (text, category, village). */
  all: z.int().nullable(),
  /** Unaccepted events that have waited longer than their severity's reminder threshold. */
  waitingTooLong: z.int(),
  /** The longest-waiting of those: when it was reported (null when none). */
  oldestWaitingSince: isoTimestamp.nullable(),
})
export type QueueCounts = z.infer<typeof queueCountsSchema>

export const slaSettingsDocSchema = z.object({
  settings: slaSettingsSchema,
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
})
export type SlaSettingsDoc = z.infer<typeof slaSettingsDocSchema>

export const DUPLICATE_REASONS = ['nearby_same_category', 'same_phone'] as const
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number]
export const LINK_KINDS = ['related', 'duplicate'] as const
export type LinkKind = (typeof LINK_KINDS)[number]
