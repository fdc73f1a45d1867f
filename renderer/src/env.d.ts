/// <reference types="vite/client" />
import type { ZhongshuBridge } from '../../electron/preload/bridge'

declare global {
  interface Window {
    /** What the Electron preload exposes (engine origin, secret, window role); absent in a browser. */
    zhongshu?: ZhongshuBridge
  }
}

export {}
