/**
 * The wall rotation (migration 12): one configuration per hall, replaced whole. A save names the
 * version it edits; a save over a newer version is refused (two shift leads editing at once).
 * Until the first save the built-in default (version 0) applies.
 */
import {
  ContractFailure,
  DEFAULT_WALL_CONFIG,
  wallConfigSchema,
  type WallConfig,
  type WallConfigState,
} from '../../contract'
import { toHallIso } from '../domain/time'
import type { Db } from './database'

export function createWallConfigRepo(db: Db) {
  const read = db.prepare<[], { version: number; updated_at: string; updated_by: string | null; payload: string }>(
    'SELECT version, updated_at, updated_by, payload FROM wall_config WHERE singleton = 1',
  )
  const write = db.prepare(
    `INSERT INTO wall_config (singleton, version, updated_at, updated_by, payload) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at,
       updated_by = excluded.updated_by, payload = excluded.payload`,
  )

  function get(): WallConfigState {
    const row = read.get()
    if (!row) return { config: DEFAULT_WALL_CONFIG, version: 0, updatedAt: null, updatedBy: null }
    // Stored only after validation; parsed again so a hand-edited row cannot reach the walls broken.
    const parsed = wallConfigSchema.safeParse(JSON.parse(row.payload))
    return {
      config: parsed.success ? parsed.data : DEFAULT_WALL_CONFIG,
      version: row.version,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    }
  }

  function set(config: WallConfig, baseVersion: number, by: string | null, now = Date.now()): WallConfigState {
    return db.transaction(() => {
      const current = get()
      if (current.version !== baseVersion)
        throw new ContractFailure(
          'conflict',
          `the wall rotation was changed meanwhile (version ${current.version}, edited ${baseVersion}): reload and edit again`,
        )
      const state: WallConfigState = { config, version: current.version + 1, updatedAt: toHallIso(now), updatedBy: by }
      write.run(state.version, state.updatedAt, by, JSON.stringify(config))
      return state
    })()
  }

  return { get, set }
}
export type WallConfigRepo = ReturnType<typeof createWallConfigRepo>
