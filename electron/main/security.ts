/**
 * The desktop shell's security checklist in one place: the windows may talk to the engine's
 * loopback origin and nothing else; no navigation away, no new windows, no webviews, no
 * permissions, and a strict CSP on everything the engine serves.
 */
import { app, shell, type Session } from 'electron'
import {
  contentSecurityPolicy,
  externalLink,
  isAllowedNavigation,
  isAllowedRequest,
  sameOrigin,
  type EngineOriginSource,
} from './policy'

/** Applies to the session every window uses (call once, after `app` is ready). */
export function hardenSession(session: Session, engineOrigin: EngineOriginSource) {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)

  // No remote content: anything that is not the engine (or a local scheme) is cancelled.
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, engineOrigin())
    if (!allowed) console.warn(`[security] blocked request to ${details.url}`)
    callback({ cancel: !allowed })
  })

  session.webRequest.onHeadersReceived((details, callback) => {
    const origin = engineOrigin()
    if (!origin || !sameOrigin(details.url, origin)) return callback({})
    // One policy, the shell's: drop the engine's own copy (whatever its case) and set ours.
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(
        ([name]) => name.toLowerCase() !== 'content-security-policy',
      ),
    )
    headers['Content-Security-Policy'] = [contentSecurityPolicy(origin)]
    headers['X-Content-Type-Options'] = ['nosniff']
    callback({ responseHeaders: headers })
  })
}

/** Guards every web contents the app ever creates, windows and anything they might spawn. */
export function hardenAllWebContents(engineOrigin: EngineOriginSource) {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      // An attachment link (http/https, checked by externalLink) goes to the system browser;
      // the app itself never opens a window.
      const external = externalLink(url, engineOrigin())
      if (external) void shell.openExternal(external).catch((e) => console.warn(`[security] ${e}`))
      else console.warn(`[security] denied window.open(${url})`)
      return { action: 'deny' }
    })
    const guardNavigation = (event: Electron.Event, url: string) => {
      if (isAllowedNavigation(url, engineOrigin())) return
      event.preventDefault()
      console.warn(`[security] denied navigation to ${url}`)
    }
    contents.on('will-navigate', (event) => guardNavigation(event, event.url))
    contents.on('will-frame-navigate', (event) => guardNavigation(event, event.url))
    contents.on('will-redirect', (event) => guardNavigation(event, event.url))
  })
}
