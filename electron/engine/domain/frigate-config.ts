/**
 * The Frigate NVR adapter's configuration (docs/frigate.md): which Frigate cameras belong to which
 * community and property company, and which Frigate labels (and zones) become which alert type.
 * Validated once at start; a bad file stops the host with exit code 2.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { VIDEO_ALERT_TYPES } from '../../contract'
import { describeIssues } from './decode'

const text = (max: number) => z.string().min(1).max(max)
/** Strict on purpose: a typo in a type would otherwise show every alert of that camera as `other`. */
const alertType = z.enum(VIDEO_ALERT_TYPES)
/** One MQTT topic level: no wildcards, no empty levels. */
const topicPrefix = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^#+]+$/, 'must not contain MQTT wildcards')
  .refine((s) => !s.startsWith('/') && !s.endsWith('/') && !s.includes('//'), 'must not have empty topic levels')

const baseUrl = z
  .string()
  .max(500)
  .refine((s) => {
    try {
      const u = new URL(s)
      return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && !u.search && !u.hash
    } catch {
      return false
    }
  }, 'must be an http(s) URL without credentials, query or fragment')
  .transform((s) => s.replace(/\/+$/, ''))

export const frigateCameraSchema = z.strictObject({
  communityId: text(64),
  communityName: text(200).optional(),
  townshipCode: text(32).optional(),
  propertyCompany: z.strictObject({ id: text(64), name: text(200) }).optional(),
  /** Default: the Frigate camera name. */
  cameraId: text(64).optional(),
  cameraName: text(200).optional(),
  /** The camera's detect resolution; needed to turn Frigate's pixel boxes into fractions. */
  detect: z.strictObject({ width: z.int().min(1).max(16384), height: z.int().min(1).max(16384) }).optional(),
  /** A mapped object inside one of these zones gets the zone's type instead of the label's. */
  zones: z.record(text(128), z.strictObject({ type: alertType.optional() })).optional(),
  /** Frigate label (`car`, `person`, `bicycle`, …) → alert type. Unlisted labels are ignored. */
  labels: z.record(text(128), alertType).refine((m) => Object.keys(m).length > 0, 'map at least one label'),
})

export const frigateConfigSchema = z.strictObject({
  topicPrefix: topicPrefix.default('frigate'),
  baseUrl: baseUrl.optional(),
  source: z.enum(['reviews', 'events']).default('reviews'),
  cameras: z
    .record(text(128), frigateCameraSchema)
    .refine((m) => Object.keys(m).length > 0, 'configure at least one camera'),
  /** `events` only: objects whose top score is below this are ignored. */
  minScore: z.number().min(0).max(1).default(0),
  /** `events` only: a re-published stationary/moved object raises a new version at most this often. */
  stationaryCooldownMinutes: z
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
})
export type FrigateConfig = z.output<typeof frigateConfigSchema>
export type FrigateConfigInput = z.input<typeof frigateConfigSchema>
export type FrigateCamera = z.output<typeof frigateCameraSchema>

/** Validates a parsed config; throws an Error whose message names the failing paths. */
export function parseFrigateConfig(json: unknown, where = 'the Frigate config'): FrigateConfig {
  const r = frigateConfigSchema.safeParse(json)
  if (!r.success) throw new Error(`${where} is invalid: ${describeIssues(r.error.issues, 10)}`)
  return r.data
}

/** Reads and validates the JSON file given by `--frigate-config` / `ZS_FRIGATE_CONFIG`. */
export function loadFrigateConfig(path: string): FrigateConfig {
  let raw: string
  try {
    raw = readFileSync(path, 'utf8')
  } catch (e) {
    throw new Error(`cannot read the Frigate config ${path}: ${(e as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch (e) {
    throw new Error(`the Frigate config ${path} is not JSON: ${(e as Error).message}`)
  }
  return parseFrigateConfig(json, `the Frigate config ${path}`)
}

/** The topics the hall subscribes to for the configured source. */
export const frigateTopics = (c: Pick<FrigateConfig, 'topicPrefix' | 'source'>) => [`${c.topicPrefix}/${c.source}`]
