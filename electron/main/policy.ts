/**
 * What the windows may load and where they may go: the engine's loopback origin and nothing
 * else. Pure (no `electron` import) so it is unit-tested directly; security.ts applies it.
 */

/** The engine's current origin (`http://127.0.0.1:PORT`), or null while it is not running. */
export type EngineOriginSource = () => string | null

/**
 * Element Plus sets inline styles, hence `'unsafe-inline'` for styles only; scripts come from
 * the engine's origin alone. Vite may inline small fonts and sounds as data: URIs.
 * Same as the engine's own policy, except that the socket is pinned to the engine's origin.
 */
export function contentSecurityPolicy(engineOrigin: string): string {
  const ws = engineOrigin.replace(/^http:/, 'ws:')
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

export function sameOrigin(url: string, origin: string | null): boolean {
  if (!origin) return false
  try {
    const u = new URL(url)
    const o = new URL(origin)
    return u.host === o.host && (u.protocol === o.protocol || u.protocol === o.protocol.replace('http', 'ws'))
  } catch {
    return false
  }
}

/** Schemes a page can load without the network, plus the developer tools' own pages. */
const LOCAL_SCHEMES = ['data:', 'blob:', 'devtools:', 'chrome-devtools:']

export function isAllowedRequest(url: string, engineOrigin: string | null): boolean {
  return sameOrigin(url, engineOrigin) || LOCAL_SCHEMES.some((scheme) => url.startsWith(scheme))
}

export function isAllowedNavigation(url: string, engineOrigin: string | null): boolean {
  return sameOrigin(url, engineOrigin) && url.startsWith('http:')
}

/**
 * A link the windows may hand to the system browser (an event attachment on the county
 * platform): absolute https or http, with a host, without credentials, never the engine itself.
 * Everything else a page tries to open is denied. Returns the normalised URL or null.
 */
export function externalLink(url: string, engineOrigin: string | null): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null
  if (!u.hostname || u.username || u.password) return null
  if (sameOrigin(u.href, engineOrigin)) return null
  return u.href
}
