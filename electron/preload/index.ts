/**
 * The only preload: sandboxed, no Node modules, no IPC. It exposes the engine address, the
 * per-launch secret and the window's role, which the main process put on this renderer's
 * command line. The page then talks to the engine over its own WebSocket like any browser.
 */
import { contextBridge } from 'electron'
import { BRIDGE_GLOBAL, parseBridgeArguments } from './bridge'

const bridge = parseBridgeArguments(process.argv)
if (bridge) contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, Object.freeze({ ...bridge }))
