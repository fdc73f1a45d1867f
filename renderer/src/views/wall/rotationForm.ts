/** The wall-rotation editor's pure parts: a draft from a configuration, and errors by field path. */
import { wallConfigSchema, type WallConfig } from '../../../../electron/contract'

export function draftOf(config: WallConfig): WallConfig {
  return JSON.parse(JSON.stringify(config)) as WallConfig
}

/** Checks a draft with the contract's own schema; the messages (Chinese) keyed by path "playlists.0.name". */
export function validateDraft(
  draft: WallConfig,
): { ok: true; config: WallConfig } | { ok: false; errors: Record<string, string> } {
  const r = wallConfigSchema.safeParse(draft)
  if (r.success) return { ok: true, config: r.data }
  const errors: Record<string, string> = {}
  for (const issue of r.error.issues) {
    const path = issue.path.join('.')
    errors[path] ??= issue.message
  }
  return { ok: false, errors }
}

/** A playlist id not used yet: p1, p2, … */
export function newPlaylistId(config: WallConfig): string {
  const used = new Set(config.playlists.map((p) => p.id))
  for (let i = 1; ; i++) if (!used.has(`p${i}`)) return `p${i}`
}
