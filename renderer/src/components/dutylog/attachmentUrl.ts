/**
 * Duty-log attachments for <img> and downloads: the engine serves the checked bytes at
 * /api/duty-log/attachments/{sha256} behind the token, which an <img src> cannot send, so they are
 * fetched with the Authorization header and shown through a blob: URL (allowed by the CSP), as for
 * video snapshots. Cached by hash (content-addressed), bounded.
 */
import { session } from '../../api/engine'
import { engineHttpOrigin } from '../video/snapshotUrl'

const MAX_CACHED = 100
const cache = new Map<string, Promise<string>>()

export function attachmentObjectUrl(a: { sha256: string; url: string }): Promise<string> {
  let hit = cache.get(a.sha256)
  if (hit) return hit
  const s = session()
  if (!s) return Promise.reject(new Error('no session'))
  hit = fetch(`${engineHttpOrigin(s.wsUrl)}${a.url}`, { headers: { Authorization: `Bearer ${s.token}` } }).then(
    async (res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      return URL.createObjectURL(await res.blob())
    },
  )
  hit.catch(() => cache.delete(a.sha256))
  cache.set(a.sha256, hit)
  while (cache.size > MAX_CACHED) {
    const [oldest, url] = cache.entries().next().value!
    cache.delete(oldest)
    void url.then((u) => URL.revokeObjectURL(u)).catch(() => {})
  }
  return hit
}

/** Reads a picked file as base64 (without the data: prefix). */
export function fileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsDataURL(file)
  })
}
