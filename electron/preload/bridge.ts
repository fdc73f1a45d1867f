/**
 * What the preload exposes to the page as `window.zhongshu`, and how the main process hands it
 * over: as `additionalArguments` on the window's command line, which a sandboxed preload can read
 * from `process.argv` without any IPC. No `electron` import here, so the renderer and the main
 * process can both use these types and helpers.
 */

export type WindowRole = 'workstation' | 'wall'

export interface ZhongshuBridge {
  /** Origin of the engine that serves this page, e.g. `http://127.0.0.1:7345` (no trailing slash). */
  readonly engineUrl: string
  /** Per-launch secret for the engine's HTTP and WebSocket endpoints. */
  readonly token: string
  readonly windowRole: WindowRole
}

/** The global name the preload exposes: `window.zhongshu`. */
export const BRIDGE_GLOBAL = 'zhongshu'

const ENGINE_URL_ARG = '--zs-engine-url='
const TOKEN_ARG = '--zs-token='
const ROLE_ARG = '--zs-role='

export function isWindowRole(value: unknown): value is WindowRole {
  return value === 'workstation' || value === 'wall'
}

/** The `additionalArguments` that carry the bridge to a window's preload. */
export function bridgeArguments(bridge: ZhongshuBridge): string[] {
  return [ENGINE_URL_ARG + bridge.engineUrl, TOKEN_ARG + bridge.token, ROLE_ARG + bridge.windowRole]
}

/** Reads the bridge back from a renderer's `process.argv`; `null` when any part is missing or malformed. */
export function parseBridgeArguments(argv: readonly string[]): ZhongshuBridge | null {
  const value = (prefix: string) => argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length)
  const engineUrl = value(ENGINE_URL_ARG)
  const token = value(TOKEN_ARG)
  const windowRole = value(ROLE_ARG)
  // The engine only ever listens on loopback for the desktop app.
  if (!engineUrl || !/^http:\/\/127\.0\.0\.1:\d{1,5}$/.test(engineUrl)) return null
  if (!token || !isWindowRole(windowRole)) return null
  return { engineUrl, token, windowRole }
}
