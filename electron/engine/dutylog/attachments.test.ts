import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ATTACHMENT_MAX_BYTES } from '../../contract'
import { sniffMime } from './attachments'
import { DUTYLOG_FILE, openDutyLog, type DutyLog } from './dutylog-store'

const officer = { username: 'officer1', displayName: '张值班' }
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
const JPEG = Buffer.from('ffd8ffe000104a464946', 'hex')

describe('duty log attachments', () => {
  let dir: string
  let log: DutyLog
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zs-duty-att-'))
    log = openDutyLog({ dataDir: dir })
  })
  afterEach(() => {
    log.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('checks the type from the bytes, not the name', () => {
    expect(sniffMime(PNG)).toBe('image/png')
    expect(sniffMime(JPEG)).toBe('image/jpeg')
    expect(sniffMime(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf')
    expect(sniffMime(Buffer.from('<html><script>alert(1)</script>'))).toBe('application/octet-stream')
    const html = log.attachments.upload('photo.png', Buffer.from('<svg onload=alert(1)>').toString('base64'))
    expect(html.mime).toBe('application/octet-stream')
  })

  it('stores by hash, enforces the size limit, and puts the list in the record hash', () => {
    const photo = log.attachments.upload('现场照片.png', PNG.toString('base64'))
    expect(photo).toMatchObject({ name: '现场照片.png', mime: 'image/png', bytes: PNG.length })
    expect(photo.url).toBe(`/api/duty-log/attachments/${photo.sha256}`)
    expect(log.attachments.bytes(photo.sha256)).toMatchObject({ contentType: 'image/png' })
    expect(() => log.attachments.upload('big.bin', Buffer.alloc(ATTACHMENT_MAX_BYTES + 1).toString('base64'))).toThrow(
      /larger than/,
    )
    expect(() =>
      log.add({ type: 'inspection', text: '检查', attachments: [{ sha256: 'f'.repeat(64), name: 'x' }] }, officer),
    ).toThrow(/was not uploaded/)

    const before = log.add({ type: 'call', text: '没有附件的记录' }, officer)
    const entry = log.add(
      { type: 'inspection', text: '夜查消防通道', attachments: [{ sha256: photo.sha256, name: '现场照片.png' }] },
      officer,
    )
    expect(before.attachments).toEqual([])
    expect(entry.attachments).toEqual([photo])
    expect(log.checkIntegrity()).toMatchObject({ ok: true, records: 2 })

    // An attachment swapped behind the engine's back: its record's hash no longer matches.
    log.close()
    const raw = new Database(join(dir, DUTYLOG_FILE))
    raw.prepare('DROP TRIGGER records_no_update').run()
    raw
      .prepare('UPDATE records SET attachments = ? WHERE seq = 2')
      .run(JSON.stringify([{ sha256: 'a'.repeat(64), name: '现场照片.png', mime: 'image/png', bytes: 16 }]))
    raw.close()
    log = openDutyLog({ dataDir: dir })
    expect(log.integrity().problems.join('\n')).toMatch(/record 2 .*content changed/)
  })

  it('finds bytes changed after they were stored', () => {
    const photo = log.attachments.upload('a.jpg', JPEG.toString('base64'))
    log.close()
    const raw = new Database(join(dir, DUTYLOG_FILE))
    raw.prepare('DROP TRIGGER attachment_blobs_no_update').run()
    raw.prepare("UPDATE attachment_blobs SET data = x'ffd8ff00'").run()
    raw.close()
    log = openDutyLog({ dataDir: dir })
    expect(log.integrity().problems.join('\n')).toContain(`attachment ${photo.sha256}: its bytes changed`)
  })
})
