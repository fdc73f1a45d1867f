import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackups, type BackupSource } from './backup'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'zs-bk-unit-'))
  dirs.push(d)
  return d
}
const fileSource = (file: string): BackupSource => ({
  file,
  backup: async (dest) => writeFileSync(dest, `copy of ${file}`),
})

describe('backups', () => {
  it('makes a copy again when the copy is not there (SQLite answered BUSY at the first step), and gives up in the end', async () => {
    const dir = tempDir()
    let calls = 0
    // better-sqlite3 resolves and deletes the unfinished file: nothing written the first two times.
    const flaky: BackupSource = {
      file: 'hall.sqlite3',
      backup: async (dest) => {
        if (++calls > 2) writeFileSync(dest, 'copy')
      },
    }
    const backups = createBackups({ dir, intervalMinutes: 0, keep: 2 }, [flaky], { log: () => {} })
    const ok = await backups.run()
    expect(ok).toMatchObject({ ok: true, error: null, files: [{ file: 'hall.sqlite3', bytes: 4 }] })
    expect(calls).toBe(3)

    const never: BackupSource = { file: 'hall.sqlite3', backup: async () => {} }
    const failing = createBackups({ dir: tempDir(), intervalMinutes: 0, keep: 2 }, [never], { log: () => {} })
    const failed = await failing.run()
    expect(failed.ok).toBe(false)
    expect(failed.error).toMatch(/produced no file/)
  })

  it('runs on the schedule and keeps the newest N', async () => {
    const dir = tempDir()
    let clock = Date.parse('2026-11-28T00:00:00Z')
    const backups = createBackups({ dir, intervalMinutes: 0.001, keep: 2 }, [fileSource('a.sqlite3')], {
      log: () => {},
      // Each backup a second apart, so each gets its own folder name.
      now: () => (clock += 1000),
    })
    backups.start()
    const end = Date.now() + 5000
    while (readdirSync(dir).length < 2 || backups.status().items.length < 2) {
      if (Date.now() > end) throw new Error('no scheduled backups')
      await new Promise((r) => setTimeout(r, 20))
    }
    await new Promise((r) => setTimeout(r, 300))
    await backups.stop()
    const status = backups.status()
    expect(status.items).toHaveLength(2)
    expect(status.items.every((b) => b.trigger === 'schedule' && b.ok)).toBe(true)
    expect(readdirSync(dir).filter((n) => !n.endsWith('.partial'))).toHaveLength(2)
    expect(existsSync(join(dir, status.items[0].name, 'a.sqlite3'))).toBe(true)
  })

  it('a failed backup leaves no folder behind and is reported', async () => {
    const dir = tempDir()
    const backups = createBackups(
      { dir, intervalMinutes: 0, keep: 3 },
      [fileSource('a.sqlite3'), { file: 'b.sqlite3', backup: () => Promise.reject(new Error('disk full')) }],
      { log: () => {} },
    )
    const r = await backups.run()
    expect(r).toMatchObject({ ok: false, error: 'disk full', trigger: 'manual' })
    expect(readdirSync(dir)).toEqual([])
    expect(backups.status()).toMatchObject({ last: { ok: false }, items: [], nextAt: null })
  })
})
