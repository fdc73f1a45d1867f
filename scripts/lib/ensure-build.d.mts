/** Absolute path of the project root. */
export const ROOT: string
/** Why a build is needed, or null when out/ matches the sources. */
export function buildReason(): Promise<string | null>
/** Runs `electron-vite build` when out/ is missing or older than the sources. */
export function ensureBuild(options?: { quiet?: boolean }): Promise<void>
