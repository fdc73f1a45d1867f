/**
 * Operators, roles and sessions. The hall token (given to the desktop shell and to browsers opened
 * with `/?token=`) identifies a trusted hall machine: it may read (like a wall viewer) and log an
 * operator in, nothing else. Every action needs an operator session, whose role decides the
 * scopes the engine grants on every method.
 */
import { z } from 'zod'

export const ROLES = ['officer', 'lead', 'trainer', 'admin', 'viewer'] as const
export type Role = (typeof ROLES)[number]

/**
 * What each scope opens: `session` the auth methods, `read` everything that only looks,
 * `operate` the duty officer's actions on events and alerts, `lead` the shift lead's (duty log,
 * handover, wall playlists), `drill` the trainer's (scenarios, runs), `admin` accounts, settings
 * and the quarantine.
 */
export const SCOPES = ['session', 'read', 'operate', 'lead', 'drill', 'admin'] as const
export type Scope = (typeof SCOPES)[number]

/** The scopes of each role. The administrator may do everything (accounts included). */
export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  viewer: ['session', 'read'],
  officer: ['session', 'read', 'operate'],
  lead: ['session', 'read', 'operate', 'lead'],
  trainer: ['session', 'read', 'drill'],
  admin: ['session', 'read', 'operate', 'lead', 'drill', 'admin'],
}

/** Scopes of the hall token without an operator, and of the optional read-only wall token. */
export const HALL_TOKEN_SCOPES: readonly Scope[] = ['session', 'read']
export const WALL_TOKEN_SCOPES: readonly Scope[] = ['read']

export const scopeAllows = (granted: readonly Scope[], needed: Scope) => granted.includes(needed)

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/
export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_LENGTH = 128

export const usernameSchema = z
  .string()
  .trim()
  .regex(USERNAME_PATTERN, 'username: 2–32 letters, digits, dot, dash or underscore, starting with a letter or digit')
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `password: at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH)
export const displayNameSchema = z.string().trim().min(1).max(64)

export const operatorAccountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
})
export type OperatorAccount = z.infer<typeof operatorAccountSchema>

export const authStatusSchema = z.object({
  /** No operator exists yet: the first run must create an administrator. */
  setupNeeded: z.boolean(),
  /** The caller's operator, when the caller holds a session. */
  operator: operatorAccountSchema.nullable(),
  locked: z.boolean(),
  scopes: z.array(z.enum(SCOPES)),
  /** Minutes without input after which a workstation locks (0: never). */
  lockAfterMinutes: z.int(),
})
export type AuthStatus = z.infer<typeof authStatusSchema>

export const loginResultSchema = z.object({
  sessionToken: z.string(),
  operator: operatorAccountSchema,
  scopes: z.array(z.enum(SCOPES)),
  expiresAt: z.string(),
})
export type LoginResult = z.infer<typeof loginResultSchema>
