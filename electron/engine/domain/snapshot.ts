/**
 * Checks of video-alert snapshots (zs.video_alert/1 `snapshot` and `rectification.snapshot`).
 * Pure: a snapshot in, a verdict out. Bytes are shown only when they really are what they claim:
 * strict base64, ≤ 2 MiB decoded, a JPEG or PNG by magic number *and* by structure (so a PNG
 * signature in front of garbage is refused), of the declared mime, with sane dimensions.
 * A URL snapshot must be http(s); the hall does not fetch it.
 */
import { createHash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import {
  SNAPSHOT_MAX_BYTES,
  SNAPSHOT_MIMES,
  SNAPSHOT_URL_MAX_CHARS,
  type SnapshotMime,
  type VideoSnapshot,
} from '../../contract'

/** Larger images are refused: decoding them could exhaust a wall screen's memory (a "pixel bomb"). */
export const SNAPSHOT_MAX_DIMENSION = 8192

export type CheckedSnapshot =
  | {
      kind: 'image'
      mime: SnapshotMime
      bytes: Buffer
      sha256: string
      width: number
      height: number
    }
  | { kind: 'remote'; url: string }

export type Verdict<T> = { ok: true; value: T } | { ok: false; reason: string }

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const FORMAT_NAME: Record<SnapshotMime, string> = { 'image/png': 'PNG', 'image/jpeg': 'JPEG' }

// ---------- base64 ----------

/** 0–63 for the standard alphabet (RFC 4648 §4), -1 otherwise. */
const B64 = new Int8Array(128).fill(-1)
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => {
  B64[c.charCodeAt(0)] = i
})

/** Bytes a canonical base64 text decodes to, or null when the length cannot be canonical. */
export function base64DecodedLength(text: string): number | null {
  if (text.length % 4 !== 0) return null
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  return (text.length / 4) * 3 - pad
}

/**
 * Strict base64: the standard alphabet only (no whitespace, no URL-safe characters, no data: URL
 * prefix), length a multiple of 4, `=` only as the final padding, and the padding bits zero, so
 * every byte string has exactly one accepted encoding. Node's own decoder skips what it does not
 * understand, which would turn garbage into "valid" bytes.
 */
export function decodeBase64Strict(text: string, maxBytes = SNAPSHOT_MAX_BYTES): Verdict<Buffer> {
  const size = base64DecodedLength(text)
  if (size === null) return { ok: false, reason: `base64 length ${text.length} is not a multiple of 4` }
  if (size === 0) return { ok: false, reason: 'base64 is empty' }
  if (size > maxBytes) return { ok: false, reason: `${size} bytes decoded exceeds the ${maxBytes}-byte limit` }
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  const dataEnd = text.length - padding
  for (let i = 0; i < dataEnd; i++) {
    const c = text.charCodeAt(i)
    if (c >= 128 || B64[c] < 0) {
      const shown = c === 61 ? '=' : JSON.stringify(text[i])
      return { ok: false, reason: `base64 has an invalid character ${shown} at ${i}` }
    }
  }
  // The bits the padding leaves unused must be zero (canonical encoding).
  const last = B64[text.charCodeAt(dataEnd - 1)]
  if ((padding === 2 && (last & 0x0f) !== 0) || (padding === 1 && (last & 0x03) !== 0)) {
    return { ok: false, reason: 'base64 padding has non-zero bits' }
  }
  return { ok: true, value: Buffer.from(text, 'base64') }
}

// ---------- image formats ----------

/** The format by magic number: JPEG FF D8 FF, PNG 89 50 4E 47 0D 0A 1A 0A. */
export function sniffImage(bytes: Uint8Array): SnapshotMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes.length >= 8 && PNG_SIGNATURE.equals(bytes.subarray(0, 8))) return 'image/png'
  return null
}

type Dimensions = { width: number; height: number }

function checkDimensions(d: Dimensions, format: string): Verdict<Dimensions> {
  if (d.width < 1 || d.height < 1) return { ok: false, reason: `${format} has no pixels (${d.width}×${d.height})` }
  if (d.width > SNAPSHOT_MAX_DIMENSION || d.height > SNAPSHOT_MAX_DIMENSION)
    return {
      ok: false,
      reason: `${format} is ${d.width}×${d.height}, larger than ${SNAPSHOT_MAX_DIMENSION} pixels a side`,
    }
  return { ok: true, value: d }
}

/**
 * A well-formed PNG: the signature, then chunks with sane lengths and correct CRCs, IHDR first,
 * at least one IDAT, IEND last and nothing after it. Pixel data is not decompressed.
 */
export function inspectPng(bytes: Buffer): Verdict<Dimensions> {
  const bad = (why: string): Verdict<Dimensions> => ({ ok: false, reason: `not a well-formed PNG (${why})` })
  if (!PNG_SIGNATURE.equals(bytes.subarray(0, 8))) return bad('no PNG signature')
  let off = 8
  let dims: Dimensions | null = null
  let idat = false
  for (let index = 0; ; index++) {
    if (off + 12 > bytes.length) return bad(`truncated chunk at byte ${off}`)
    const length = bytes.readUInt32BE(off)
    if (length > bytes.length - off - 12) return bad(`chunk length ${length} at byte ${off} runs past the end`)
    const type = bytes.toString('latin1', off + 4, off + 8)
    if (!/^[A-Za-z]{4}$/.test(type)) return bad(`invalid chunk type at byte ${off}`)
    const crc = bytes.readUInt32BE(off + 8 + length)
    if (crc32(bytes.subarray(off + 4, off + 8 + length)) !== crc) return bad(`${type} chunk CRC mismatch`)
    if (index === 0) {
      if (type !== 'IHDR' || length !== 13) return bad('IHDR is not the first chunk')
      dims = { width: bytes.readUInt32BE(off + 8), height: bytes.readUInt32BE(off + 12) }
    } else if (type === 'IHDR') return bad('a second IHDR')
    if (type === 'IDAT') idat = true
    off += 12 + length
    if (type === 'IEND') {
      if (!idat) return bad('no image data (IDAT)')
      if (off !== bytes.length) return bad(`${bytes.length - off} bytes after IEND`)
      return checkDimensions(dims!, 'PNG')
    }
  }
}

const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc

/**
 * A well-formed JPEG: SOI, then marker segments with sane lengths up to the start of scan, a frame
 * header (SOF) with the dimensions before it, and an EOI after it. Bytes after EOI are allowed
 * (cameras append trailers); the entropy-coded data itself is not decoded.
 */
export function inspectJpeg(bytes: Buffer): Verdict<Dimensions> {
  const bad = (why: string): Verdict<Dimensions> => ({ ok: false, reason: `not a well-formed JPEG (${why})` })
  if (sniffImage(bytes) !== 'image/jpeg') return bad('no SOI marker')
  let off = 2
  let dims: Dimensions | null = null
  for (;;) {
    if (off + 2 > bytes.length) return bad('ends before the image data')
    if (bytes[off] !== 0xff) return bad(`expected a marker at byte ${off}`)
    let m = bytes[off + 1]
    while (m === 0xff && off + 2 < bytes.length) m = bytes[++off + 1] // fill bytes
    off += 2
    if ((m >= 0xd0 && m <= 0xd7) || m === 0x01) continue // markers without a length
    if (m === 0xd8 || m === 0xd9) return bad(`unexpected ${m === 0xd8 ? 'SOI' : 'EOI'} before the image data`)
    if (off + 2 > bytes.length) return bad('truncated segment')
    const length = bytes.readUInt16BE(off)
    if (length < 2 || off + length > bytes.length) return bad(`segment length ${length} at byte ${off} is wrong`)
    if (isSof(m)) {
      if (length < 8) return bad('short frame header')
      dims = { height: bytes.readUInt16BE(off + 3), width: bytes.readUInt16BE(off + 5) }
    }
    off += length
    if (m === 0xda) break // start of scan: entropy-coded data follows
  }
  if (!dims) return bad('no frame header (SOF) before the scan')
  const eoi = bytes.lastIndexOf(Buffer.from([0xff, 0xd9]))
  if (eoi < off) return bad('no EOI marker after the image data')
  return checkDimensions(dims, 'JPEG')
}

/** Checks decoded bytes against the declared mime: a JPEG or PNG, of that format, well formed. */
export function checkImageBytes(bytes: Buffer, declared: string): Verdict<Dimensions & { mime: SnapshotMime }> {
  const mime = declared.trim().toLowerCase()
  if (!(SNAPSHOT_MIMES as readonly string[]).includes(mime))
    return { ok: false, reason: `mime ${JSON.stringify(declared.slice(0, 100))} is not image/jpeg or image/png` }
  const want = mime as SnapshotMime
  const actual = sniffImage(bytes)
  if (actual === null) return { ok: false, reason: `bytes are not a ${FORMAT_NAME[want]}` }
  if (actual !== want) return { ok: false, reason: `declared ${want} but the bytes are a ${FORMAT_NAME[actual]}` }
  const d = want === 'image/png' ? inspectPng(bytes) : inspectJpeg(bytes)
  return d.ok ? { ok: true, value: { ...d.value, mime: want } } : d
}

/** A snapshot URL: absolute http(s), ≤ 2000 characters, no credentials in it. */
export function checkSnapshotUrl(url: string): Verdict<string> {
  if (url.length > SNAPSHOT_URL_MAX_CHARS)
    return { ok: false, reason: `url is longer than ${SNAPSHOT_URL_MAX_CHARS} characters` }
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return { ok: false, reason: 'url is not an absolute URL' }
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return { ok: false, reason: `url scheme ${JSON.stringify(u.protocol.slice(0, 20))} is not http or https` }
  if (u.username || u.password) return { ok: false, reason: 'url must not carry credentials' }
  return { ok: true, value: url }
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/**
 * The whole check of one snapshot. `field` prefixes the reason (`snapshot`,
 * `rectification.snapshot`) so the quarantine says which image was wrong.
 */
export function checkSnapshot(s: VideoSnapshot, field = 'snapshot'): Verdict<CheckedSnapshot> {
  const fail = (reason: string): Verdict<CheckedSnapshot> => ({ ok: false, reason: `${field}: ${reason}` })
  if ('base64' in s && typeof s.base64 === 'string' && 'mime' in s && typeof s.mime === 'string') {
    const decoded = decodeBase64Strict(s.base64)
    if (!decoded.ok) return fail(decoded.reason)
    const image = checkImageBytes(decoded.value, s.mime)
    if (!image.ok) return fail(image.reason)
    return {
      ok: true,
      value: { kind: 'image', bytes: decoded.value, sha256: sha256Hex(decoded.value), ...image.value },
    }
  }
  if ('url' in s && typeof s.url === 'string') {
    const u = checkSnapshotUrl(s.url)
    return u.ok ? { ok: true, value: { kind: 'remote', url: u.value } } : fail(u.reason)
  }
  return fail('neither {mime, base64} nor {url}')
}
