/**
 * The one wire protocol between the engine and any UI (Electron window or browser),
 * carried as JSON text frames over a WebSocket at /api/ws.
 *
 * client → engine: hello (first frame, carries the token), call, sub, unsub, digest
 * engine → client: welcome | bye, reply (an envelope), event
 */
import type { ContractError } from './errors'
import type { NewestDigest } from './newest'

export const WIRE_PROTOCOL_VERSION = 1
export const WS_PATH = '/api/ws'

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ContractError }

export type ClientFrame =
  | { t: 'hello'; token: string; protocol: number; client?: string }
  | { t: 'call'; id: number; method: string; params?: unknown }
  | { t: 'sub'; events: string[] }
  | { t: 'unsub'; events: string[] }
  /**
   * This link's page shows only the newest few events (a wall): from now on its
   * `events.onDidChange` batches carry only what can still show there (contract/newest.ts); null:
   * every change again. For the link it is sent on, until it closes; an invalid digest is ignored.
   */
  | { t: 'digest'; event: 'events.onDidChange'; digest: NewestDigest | null }

export type ServerFrame =
  | { t: 'welcome'; protocol: number; scopes: string[]; appVersion: string }
  | { t: 'bye'; error: ContractError }
  | ({ t: 'reply'; id: number } & Envelope<unknown>)
  | { t: 'event'; name: string; data: unknown }

/** WebSocket close codes used by the engine. */
export const CLOSE_UNAUTHORIZED = 4401
export const CLOSE_PROTOCOL = 4400
/** The operator session the connection was opened with ended (signed out, expired, disabled). */
export const CLOSE_SESSION_ENDED = 4440
