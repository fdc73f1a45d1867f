import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DUTYLOG_FILE, openDutyLog, type DutyLog } from './dutylog-store'

const lead = { username: 'lead1', displayName: '王班长' }
const officer = { username: 'officer1', displayName: '张值班' }

describe('the duty log on its own SQLite file', () => {
  let dir: string
  let log: DutyLog
  let t = Date.parse('2026-11-28T09:00:00+08:00')
  const open = () => openDutyLog({ dataDir: dir, now: () => t })

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zs-duty-'))
    t = Date.parse('2026-11-28T09:00:00+08:00')
    log = open()
  })
  afterEach(() => {
    log.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('writes synced entries with author, shift and type; searches by text, type, author and shift', () => {
    expect(log.pragma('synchronous')).toBe(2) // FULL
    log.add({ type: 'call', text: '群众来电反映冶头镇供暖不热' }, officer)
    t += 3600_000
    log.add(
      { type: 'instruction', text: '加强夜间巡查', instructedBy: '县委书记', dueAt: '2026-11-29T08:00:00+08:00' },
      lead,
    )
    t = Date.parse('2026-11-28T21:00:00+08:00')
    log.addSystem('4 级事件上报：东固壁村沟渠发现疑似遗弃危废品', { eventId: 'EV-1' })

    const all = log.list({ limit: 10 }).items
    expect(all.map((e) => e.type)).toEqual(['system', 'instruction', 'call'])
    expect(all[0]).toMatchObject({ shift: '2026-11-28 夜班', auto: true, author: 'system', eventId: 'EV-1' })
    expect(all[1]).toMatchObject({ shift: '2026-11-28 白班', instructedBy: '县委书记', authorName: '王班长' })
    expect(log.list({ text: '供暖', limit: 10 }).items.map((e) => e.type)).toEqual(['call'])
    expect(log.list({ text: '县委', limit: 10 }).items.map((e) => e.type)).toEqual(['instruction'])
    expect(log.list({ type: 'call', limit: 10 }).items).toHaveLength(1)
    expect(log.list({ author: '王班长', limit: 10 }).items).toHaveLength(1)
    expect(log.list({ shift: '2026-11-28 夜班', limit: 10 }).items).toHaveLength(1)
    expect(log.list({ text: '100%_', limit: 10 }).items).toHaveLength(0)
    const page1 = log.list({ limit: 2 })
    expect(log.list({ limit: 2, cursor: page1.nextCursor! }).items.map((e) => e.type)).toEqual(['call'])
  })

  it('is append-only: a correction strikes an entry through and keeps the original', () => {
    const e = log.add({ type: 'call', text: '来电：南沟村停水' }, officer)
    expect(() => log.run("UPDATE records SET text = 'x'")).toThrow(/append-only/)
    expect(() => log.run('DELETE FROM records')).toThrow(/append-only/)
    const corrected = log.correct(e.id, '应为北沟村', lead)
    expect(corrected.text).toBe('来电：南沟村停水')
    expect(corrected.corrections).toEqual([expect.objectContaining({ reason: '应为北沟村', authorName: '王班长' })])
    expect(log.list({ limit: 10 }).items).toHaveLength(1) // corrections are not entries
    expect(log.checkIntegrity()).toMatchObject({ ok: true, records: 2 })
  })

  it('detects a record changed or removed behind its back (triggers dropped, file edited)', () => {
    log.add({ type: 'call', text: '第一条' }, officer)
    log.add({ type: 'other', text: '第二条' }, officer)
    log.add({ type: 'other', text: '第三条' }, officer)
    log.close()
    const raw = new Database(join(dir, DUTYLOG_FILE))
    raw.exec('DROP TRIGGER records_no_update; DROP TRIGGER records_no_delete')
    raw.prepare("UPDATE records SET text = '被改过' WHERE seq = 2").run()
    raw.close()
    log = open()
    const report = log.integrity() // run at start
    expect(report.ok).toBe(false)
    expect(report.problems.join('\n')).toMatch(/record 2 .*changed after it was written/)
    expect(report.problems.join('\n')).toMatch(/append-only triggers were removed/)

    log.close()
    const raw2 = new Database(join(dir, DUTYLOG_FILE))
    raw2.prepare('DELETE FROM records WHERE seq = 1').run()
    raw2.close()
    log = open()
    expect(log.integrity().problems.join('\n')).toMatch(/record 2: not chained/)
  })

  it('keeps a configurable shift schedule and the roster of a shift', () => {
    log.setSchedule([
      { name: '早班', start: '08:00' },
      { name: '中班', start: '16:00' },
      { name: '夜班', start: '00:00' },
    ])
    expect(log.currentShift()).toMatchObject({ key: '2026-11-28 早班', endsAt: '2026-11-28T16:00:00+08:00' })
    log.setRoster('2026-11-28 早班', [
      { ...lead, duty: 'lead' },
      { ...officer, duty: 'officer' },
    ])
    expect(log.roster('2026-11-28 早班').map((m) => m.duty)).toEqual(['lead', 'officer'])
    expect(() =>
      log.setSchedule([
        { name: 'a', start: '08:00' },
        { name: 'b', start: '08:00' },
      ]),
    ).toThrow()
  })
})
