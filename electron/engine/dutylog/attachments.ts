/**
 * Attachments of duty-log entries (images, files). The bytes are rows of `attachment_blobs` in
 * the duty log's own file — synced like the records and backed up with them — keyed by their
 * SHA-256; a record lists the attachments it was written with (hash, name, type, size), and that
 * list is part of the record's hash, so an attachment swapped or removed later breaks the chain.
 * The type is checked from the bytes (JPEG, PNG, PDF); anything else is served as
 * application/octet-stream, never as what the uploader claimed.
 */
import { createHash } from 'node:crypto'
import { ATTACHMENT_MAX_BYTES, ContractFailure, type DutyAttachment } from '../../contract'
import { toHallIso } from '../domain/time'
import type { Db } from '../store/database'

export const ATTACHMENTS_MIGRATION = {
  id: 4,
  name: 'attachments: blobs by sha256, and the list of each record (part of its hash)',
  sql: `
    ALTER TABLE records ADD COLUMN attachments TEXT;
    CREATE TABLE attachment_blobs (
      sha256    TEXT PRIMARY KEY,
      mime      TEXT NOT NULL,
      bytes     INTEGER NOT NULL,
      data      BLOB NOT NULL,
      stored_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TRIGGER attachment_blobs_no_update BEFORE UPDATE ON attachment_blobs
      BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;
  `,
}

export type AttachmentMime = DutyAttachment['mime']

/** The content type from the first bytes; unknown → octet-stream. */
export function sniffMime(b: Uint8Array): AttachmentMime {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (
    b.length >= 8 &&
    Buffer.from(b.subarray(0, 8)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png'
  if (b.length >= 5 && Buffer.from(b.subarray(0, 5)).toString('latin1') === '%PDF-') return 'application/pdf'
  return 'application/octet-stream'
}

export const attachmentUrl = (sha256: string) => `/api/duty-log/attachments/${sha256}`

/** One attachment as a record stores it (and hashes it). */
export interface StoredAttachment {
  sha256: string
  name: string
  mime: AttachmentMime
  bytes: number
}

export function createAttachments(db: Db, now: () => number = Date.now) {
  const stmts = {
    insert: db.prepare(
      'INSERT OR IGNORE INTO attachment_blobs (sha256, mime, bytes, data, stored_at) VALUES (?, ?, ?, ?, ?)',
    ),
    meta: db.prepare<[string], { mime: AttachmentMime; bytes: number }>(
      'SELECT mime, bytes FROM attachment_blobs WHERE sha256 = ?',
    ),
    data: db.prepare<[string], { mime: AttachmentMime; data: Buffer }>(
      'SELECT mime, data FROM attachment_blobs WHERE sha256 = ?',
    ),
    all: db.prepare<[], { sha256: string; data: Buffer }>('SELECT sha256, data FROM attachment_blobs'),
  }
  return {
    /** Stores the bytes (once per content); on disk before it returns. */
    upload(name: string, base64: string): DutyAttachment {
      const data = Buffer.from(base64, 'base64')
      if (data.length === 0)
        throw new ContractFailure('invalid_params', 'empty file', [{ path: 'base64', message: 'empty' }])
      if (data.length > ATTACHMENT_MAX_BYTES)
        throw new ContractFailure('invalid_params', `attachment larger than ${ATTACHMENT_MAX_BYTES} bytes`, [
          { path: 'base64', message: 'too large' },
        ])
      const sha256 = createHash('sha256').update(data).digest('hex')
      const mime = sniffMime(data)
      stmts.insert.run(sha256, mime, data.length, data, toHallIso(now()))
      return { sha256, name, mime, bytes: data.length, url: attachmentUrl(sha256) }
    },
    /** The attachments an entry is written with: each must have been uploaded. */
    resolve(refs: { sha256: string; name: string }[]): StoredAttachment[] {
      return refs.map((r, i) => {
        const m = stmts.meta.get(r.sha256)
        if (!m)
          throw new ContractFailure('invalid_params', `attachment ${r.sha256} was not uploaded`, [
            { path: `attachments.${i}.sha256`, message: 'not uploaded' },
          ])
        return { sha256: r.sha256, name: r.name, mime: m.mime, bytes: m.bytes }
      })
    },
    bytes(sha256: string): { contentType: string; bytes: Uint8Array; etag: string } | null {
      const r = stmts.data.get(sha256)
      return r ? { contentType: r.mime, bytes: r.data, etag: sha256 } : null
    },
    /** Blobs whose bytes no longer match their hash (for the integrity check). */
    corrupted(): string[] {
      const bad: string[] = []
      for (const r of stmts.all.iterate())
        if (createHash('sha256').update(r.data).digest('hex') !== r.sha256) bad.push(r.sha256)
      return bad
    },
  }
}
export type Attachments = ReturnType<typeof createAttachments>
