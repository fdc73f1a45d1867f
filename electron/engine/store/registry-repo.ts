import type { RegistrySummary, ZsRegistry } from '../../contract'
import type { Db } from './database'

export function summarizeRegistry(r: ZsRegistry | null): RegistrySummary {
  if (!r) {
    return {
      version: null,
      county: null,
      townships: [],
      counts: { villages: 0, grids: 0, dedicatedGrids: 0, microGrids: 0, units: 0, gridWorkers: 0 },
    }
  }
  return {
    version: r.version,
    county: { code: r.county.code, name: r.county.name },
    townships: r.townships.map((t) => ({ code: t.code, name: t.name })),
    counts: {
      villages: r.villages.length,
      grids: r.grids.filter((g) => g.kind === 'grid').length,
      dedicatedGrids: r.grids.filter((g) => g.kind === 'dedicated').length,
      microGrids: r.microGrids.length,
      units: r.units.length,
      gridWorkers: r.grids.reduce((n, g) => n + (g.workers?.length ?? 0), 0),
    },
  }
}

/** The registry is one retained document; a newer version replaces it whole, atomically. */
export function createRegistryRepo(db: Db) {
  const read = db.prepare<[], { version: number; payload: string }>(
    'SELECT version, payload FROM registry WHERE singleton = 1',
  )
  const write = db.prepare(
    `INSERT INTO registry (singleton, version, received_at, payload) VALUES (1, ?, ?, ?)
     ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, received_at = excluded.received_at, payload = excluded.payload`,
  )
  let cached: ZsRegistry | null = null
  let summary = summarizeRegistry(null)
  const reload = () => {
    const row = read.get()
    cached = row ? (JSON.parse(row.payload) as ZsRegistry) : null
    summary = summarizeRegistry(cached)
  }
  reload()

  return {
    currentVersion: () => cached?.version ?? 0,
    /** Returns 'replaced' when newer, 'duplicate' when the same version, 'stale' when older. */
    offer(reg: ZsRegistry, rawText: string, receivedAt: string): 'replaced' | 'duplicate' | 'stale' {
      const cur = cached?.version ?? 0
      if (reg.version === cur) return 'duplicate'
      if (reg.version < cur) return 'stale'
      write.run(reg.version, receivedAt, rawText)
      cached = reg
      summary = summarizeRegistry(reg)
      return 'replaced'
    },
    get: () => cached,
    /** Re-reads the stored registry (after a rolled-back transaction). */
    reload,
    summary: () => summary,
  }
}
export type RegistryRepo = ReturnType<typeof createRegistryRepo>
