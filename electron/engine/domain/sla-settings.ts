/**
 * The hall's SLA settings (time-limit table, reminder thresholds, due-soon window) in SQLite
 * (`hall_settings`, migration 10). Absent: the defaults of contract/sla.ts. An administrator
 * replaces them as a whole; who and when is kept with them.
 */
import { ContractFailure, DEFAULT_SLA_SETTINGS, slaSettingsSchema, type SlaSettings } from '../../contract'
import type { Db } from '../store/database'
import { toHallIso } from './time'

const NAME = 'sla'

export interface StoredSlaSettings {
  settings: SlaSettings
  updatedAt: string | null
  updatedBy: string | null
}

export function createSlaSettings(db: Db, now: () => number = Date.now) {
  const read = db.prepare<[string], { value: string; updated_at: string; updated_by: string | null }>(
    'SELECT value, updated_at, updated_by FROM hall_settings WHERE name = ?',
  )
  const write = db.prepare(
    `INSERT INTO hall_settings (name, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  )
  let cached: StoredSlaSettings | null = null

  function get(): StoredSlaSettings {
    if (cached) return cached
    const row = read.get(NAME)
    if (!row) return (cached = { settings: DEFAULT_SLA_SETTINGS, updatedAt: null, updatedBy: null })
    // A stored document that no longer parses (a newer version wrote it) falls back to the defaults.
    const parsed = slaSettingsSchema.safeParse(JSON.parse(row.value))
    return (cached = {
      settings: parsed.success ? parsed.data : DEFAULT_SLA_SETTINGS,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    })
  }

  return {
    get,
    set(settings: unknown, by: string | null): StoredSlaSettings {
      const parsed = slaSettingsSchema.safeParse(settings)
      if (!parsed.success)
        throw new ContractFailure(
          'invalid_params',
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          parsed.error.issues.map((i) => ({ path: ['settings', ...i.path.map(String)].join('.'), message: i.message })),
        )
      const at = toHallIso(now())
      write.run(NAME, JSON.stringify(parsed.data), at, by)
      cached = { settings: parsed.data, updatedAt: at, updatedBy: by }
      return cached
    },
  }
}
export type SlaSettingsStore = ReturnType<typeof createSlaSettings>
