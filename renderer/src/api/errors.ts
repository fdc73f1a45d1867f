import { CallError } from './client'

/** A short, human-readable message for a failed call. */
export function errorMessage(e: unknown): string {
  if (e instanceof CallError) return `${e.error.message} (${e.error.code})`
  if (e instanceof Error) return e.message
  return String(e)
}

export function errorCode(e: unknown): string | null {
  return e instanceof CallError ? e.error.code : null
}
