/**
 * HTTP routes that answer with bytes instead of a JSON envelope (snapshot images). Declared here
 * like the methods, so the server and the OpenAPI document share one definition. Errors are the
 * usual JSON envelopes with their HTTP status.
 */
import { z } from 'zod'
import type { Scope } from './auth'
import { SNAPSHOT_MIMES } from './payloads'

export interface BinaryRouteDef<P extends z.ZodType = z.ZodType> {
  scope: Scope
  summary: string
  /** GET path with {params}, e.g. /api/video-snapshots/{sha256}. */
  path: string
  params: P
  /** The content types the route may answer with. */
  contentTypes: readonly string[]
  /** Content-addressed answers never change: cacheable for a year, revalidated by ETag. */
  immutable: boolean
}

const defineBinaryRoute = <P extends z.ZodType>(def: BinaryRouteDef<P>) => def

export const binaryRoutes = {
  'videoSnapshots.get': defineBinaryRoute({
    scope: 'read',
    summary:
      'The bytes of a stored video-alert snapshot, by the sha256 given in the alert; served with the checked content type',
    path: '/api/video-snapshots/{sha256}',
    params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex sha256') }),
    contentTypes: SNAPSHOT_MIMES,
    immutable: true,
  }),
  'dutyLogAttachments.get': defineBinaryRoute({
    scope: 'read',
    summary:
      'The bytes of a duty log attachment, by its sha256; served as the type checked from its bytes (JPEG, PNG, PDF, else octet-stream)',
    path: '/api/duty-log/attachments/{sha256}',
    params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex sha256') }),
    contentTypes: ['image/jpeg', 'image/png', 'application/pdf', 'application/octet-stream'],
    immutable: true,
  }),
} as const

export type BinaryRoutes = typeof binaryRoutes
export type BinaryRouteName = keyof BinaryRoutes
export type BinaryRouteParams<N extends BinaryRouteName> = z.output<BinaryRoutes[N]['params']>
/** What a binary handler returns: the bytes, their content type and an ETag, or null for 404. */
export type BinaryBody = { contentType: string; bytes: Uint8Array; etag?: string } | null
