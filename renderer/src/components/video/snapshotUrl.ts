/**
 * Snapshot pictures for <img>: the engine serves checked bytes at /api/video-snapshots/{sha256}
 * behind the token, which an <img src> cannot send, so the bytes are fetched with the
 * Authorization header and shown through a blob: URL (allowed by the CSP). Content-addressed,
 * so one object URL per sha256 serves every alert and version showing that picture; the cache is
 * bounded and the oldest URLs are revoked.
 */
import type { SnapshotRef } from '../../../../electron/contract'
import { session } from '../../api/engine'

const MAX_CACHED = 300
const cache = new Map<string, Promise<string>>()

/** http(s)://host:port of the engine, from the WebSocket URL of the session. */
export function engineHttpOrigin(wsUrl: string): string {
  const u = new URL(wsUrl)
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:'
  return u.origin
}

async function fetchObjectUrl(path: string): Promise<string> {
  const s = session()
  if (!s) throw new Error('no session')
  const res = await fetch(`${engineHttpOrigin(s.wsUrl)}${path}`, { headers: { Authorization: `Bearer ${s.token}` } })
  if (!res.ok) throw new Error(`HTTP ${res.status}`)
  return URL.createObjectURL(await res.blob())
}

/** A blob: URL of a stored snapshot (cached by sha256). Remote snapshots are not fetched. */
export function storedSnapshotUrl(ref: Extract<SnapshotRef, { kind: 'stored' }>): Promise<string> {
  let hit = cache.get(ref.sha256)
  if (hit) {
    cache.delete(ref.sha256)
    cache.set(ref.sha256, hit)
    return hit
  }
  hit = fetchObjectUrl(ref.url)
  // A failed fetch is not cached: the next render tries again.
  hit.catch(() => cache.delete(ref.sha256))
  cache.set(ref.sha256, hit)
  while (cache.size > MAX_CACHED) {
    const [oldest, url] = cache.entries().next().value!
    cache.delete(oldest)
    void url.then((u) => URL.revokeObjectURL(u)).catch(() => {})
  }
  return hit
}
