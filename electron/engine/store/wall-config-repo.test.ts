import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { ContractFailure, DEFAULT_WALL_CONFIG } from '../../contract'
import { openDatabase, type Db } from './database'
import { createWallConfigRepo } from './wall-config-repo'

let db: Db
let dir: string
afterEach(() => {
  db?.close()
  rmSync(dir, { recursive: true, force: true })
})

it('starts from the default, saves versions, refuses a save over a newer version, survives a reopen', () => {
  dir = mkdtempSync(join(tmpdir(), 'zs-wallcfg-'))
  db = openDatabase({ dataDir: dir })
  const repo = createWallConfigRepo(db)
  expect(repo.get()).toMatchObject({ version: 0, config: DEFAULT_WALL_CONFIG, updatedBy: null })
  const night = { ...DEFAULT_WALL_CONFIG, schedule: [{ playlistId: 'night', from: '21:00', to: '06:30' }] }
  const saved = repo.set(night, 0, '值班长 王', Date.parse('2026-11-28T09:00:00+08:00'))
  expect(saved).toMatchObject({ version: 1, updatedAt: '2026-11-28T09:00:00+08:00', updatedBy: '值班长 王' })
  expect(() => repo.set(DEFAULT_WALL_CONFIG, 0, 'x')).toThrow(ContractFailure)
  db.close()
  db = openDatabase({ dataDir: dir })
  expect(createWallConfigRepo(db).get()).toMatchObject({ version: 1, config: night })
})
