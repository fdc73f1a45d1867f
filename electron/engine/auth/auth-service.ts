/**
 * Operator accounts and sessions (migration 8). The engine decides every caller's scopes here:
 * a session token maps to its operator's role (locked sessions keep only what the hall token
 * has), any other token goes to the static grants (hall token, read-only wall tokens).
 *
 * Sessions live in memory and in SQLite (only the token's SHA-256), so an engine restart does
 * not sign the hall out. A session ends when the operator signs out, is disabled, gets a new
 * password, or after `sessionIdleHours` without a call.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import {
  ContractFailure,
  HALL_TOKEN_SCOPES,
  ROLE_SCOPES,
  type AuthStatus,
  type LoginResult,
  type OperatorAccount,
  type Role,
  type Scope,
} from '../../contract'
import { toHallIso } from '../domain/time'
import type { Db } from '../store/database'
import { DEFAULT_COST, hashPassword, verifyPassword, type ScryptCost } from './passwords'

/** Who is calling, as the transports resolve it from a token. */
export interface Credential {
  scopes: readonly Scope[]
  /** The signed-in operator (absent for the hall token and wall tokens). */
  operator?: OperatorAccount
  /** SHA-256 of the session token, when the caller holds a session. */
  sessionId?: string
  locked?: boolean
}

export interface AuthOptions {
  /** Minutes without input after which a workstation locks (0: never). Default 15. */
  lockAfterMinutes?: number
  /** Hours without any call after which a session ends. Default 12 (a shift). */
  sessionIdleHours?: number
  /** Failed sign-ins in a row before the account is refused for `refuseMinutes`. Default 5. */
  maxFailedLogins?: number
  refuseMinutes?: number
  /** scrypt cost (tests lower it). */
  passwordCost?: ScryptCost
  now?: () => number
  log?: (line: string) => void
}

interface OperatorRow {
  id: string
  username: string
  display_name: string
  role: Role
  password_hash: string
  disabled: number
  created_at: string
  last_login_at: string | null
  failed_logins: number
  refused_until_ms: number
}

interface SessionEntry {
  operatorId: string
  createdMs: number
  lastSeenMs: number
  /** last_seen_ms as last written to SQLite (written at most once a minute per session). */
  storedSeenMs: number
  locked: boolean
}

const SESSION_PREFIX = 'zss_'
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

const toAccount = (r: OperatorRow): OperatorAccount => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
  lastLoginAt: r.last_login_at,
})

export function createAuthService(db: Db, opts: AuthOptions = {}) {
  const now = opts.now ?? Date.now
  const cost = opts.passwordCost ?? DEFAULT_COST
  const lockAfterMinutes = opts.lockAfterMinutes ?? 15
  const idleMs = (opts.sessionIdleHours ?? 12) * 3_600_000
  const maxFailed = opts.maxFailedLogins ?? 5
  const refuseMs = (opts.refuseMinutes ?? 5) * 60_000

  const stmts = {
    count: db.prepare<[], number>('SELECT count(*) FROM operators').pluck(),
    all: db.prepare<[], OperatorRow>('SELECT * FROM operators ORDER BY disabled, role, username'),
    byId: db.prepare<[string], OperatorRow>('SELECT * FROM operators WHERE id = ?'),
    byName: db.prepare<[string], OperatorRow>('SELECT * FROM operators WHERE username = ?'),
    activeAdmins: db
      .prepare<[], number>("SELECT count(*) FROM operators WHERE role = 'admin' AND disabled = 0")
      .pluck(),
    insert: db.prepare(
      `INSERT INTO operators (id, username, display_name, role, password_hash, created_at, password_changed_at)
       VALUES (@id, @username, @displayName, @role, @hash, @at, @at)`,
    ),
    loginOk: db.prepare('UPDATE operators SET last_login_at = ?, failed_logins = 0, refused_until_ms = 0 WHERE id = ?'),
    loginFailed: db.prepare('UPDATE operators SET failed_logins = ?, refused_until_ms = ? WHERE id = ?'),
    update: db.prepare('UPDATE operators SET display_name = ?, role = ?, disabled = ? WHERE id = ?'),
    setHash: db.prepare('UPDATE operators SET password_hash = ?, password_changed_at = ? WHERE id = ?'),
    sessions: db.prepare<
      [],
      { token_hash: string; operator_id: string; created_ms: number; last_seen_ms: number; locked: number }
    >('SELECT token_hash, operator_id, created_ms, last_seen_ms, locked FROM operator_sessions'),
    insertSession: db.prepare(
      'INSERT INTO operator_sessions (token_hash, operator_id, created_ms, last_seen_ms, locked, peer) VALUES (?, ?, ?, ?, 0, ?)',
    ),
    deleteSession: db.prepare('DELETE FROM operator_sessions WHERE token_hash = ?'),
    deleteSessionsOf: db.prepare('DELETE FROM operator_sessions WHERE operator_id = ?'),
    touchSession: db.prepare('UPDATE operator_sessions SET last_seen_ms = ? WHERE token_hash = ?'),
    lockSession: db.prepare('UPDATE operator_sessions SET locked = ? WHERE token_hash = ?'),
    audit: db.prepare(
      `INSERT INTO auth_audit (at, action, operator_id, username, by_operator, peer, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
  }

  const sessions = new Map<string, SessionEntry>()
  for (const s of stmts.sessions.all()) {
    sessions.set(s.token_hash, {
      operatorId: s.operator_id,
      createdMs: s.created_ms,
      lastSeenMs: s.last_seen_ms,
      storedSeenMs: s.last_seen_ms,
      locked: s.locked === 1,
    })
  }
  const operatorCache = new Map<string, OperatorAccount>()
  const accountOf = (id: string): OperatorAccount | null => {
    const cached = operatorCache.get(id)
    if (cached) return cached
    const row = stmts.byId.get(id)
    if (!row) return null
    const account = toAccount(row)
    operatorCache.set(id, account)
    return account
  }

  const audit = (
    action: string,
    who: { id?: string | null; username?: string | null },
    by: OperatorAccount | undefined,
    peer: string | undefined,
    detail?: string,
  ) =>
    stmts.audit.run(
      toHallIso(now()),
      action,
      who.id ?? null,
      who.username ?? null,
      by?.username ?? null,
      peer ?? null,
      detail ?? null,
    )

  /** One more failed attempt; the one that reaches the limit refuses the account for a while. */
  function recordFailure(row: OperatorRow, t: number) {
    const failed = row.failed_logins + 1
    const refusedUntil = failed >= maxFailed ? t + refuseMs : 0
    stmts.loginFailed.run(refusedUntil ? 0 : failed, refusedUntil, row.id)
  }

  function endSessionsOf(operatorId: string) {
    for (const [id, s] of sessions) if (s.operatorId === operatorId) sessions.delete(id)
    stmts.deleteSessionsOf.run(operatorId)
  }

  function startSession(account: OperatorAccount, peer: string | undefined): LoginResult {
    const token = SESSION_PREFIX + randomBytes(32).toString('base64url')
    const id = sha256(token)
    const t = now()
    stmts.insertSession.run(id, account.id, t, t, peer ?? null)
    sessions.set(id, { operatorId: account.id, createdMs: t, lastSeenMs: t, storedSeenMs: t, locked: false })
    return {
      sessionToken: token,
      operator: account,
      scopes: [...ROLE_SCOPES[account.role]],
      expiresAt: toHallIso(t + idleMs),
    }
  }

  function requireSession(cred: Credential): { id: string; entry: SessionEntry; account: OperatorAccount } {
    const entry = cred.sessionId ? sessions.get(cred.sessionId) : undefined
    const account = entry ? accountOf(entry.operatorId) : null
    if (!cred.sessionId || !entry || !account)
      throw new ContractFailure('unauthorized', 'this needs a signed-in operator')
    return { id: cred.sessionId, entry, account }
  }

  /** A dummy hash to spend the same time on unknown usernames (no user enumeration by timing). */
  let dummyHash: Promise<string> | null = null

  async function createAccount(
    p: { username: string; displayName: string; role: Role; password: string },
    by: OperatorAccount | undefined,
    peer: string | undefined,
  ): Promise<OperatorAccount> {
    const hash = await hashPassword(p.password, cost)
    if (stmts.byName.get(p.username))
      throw new ContractFailure('conflict', `username ${p.username} is taken`, [{ path: 'username', message: 'taken' }])
    const id = randomUUID()
    stmts.insert.run({ id, username: p.username, displayName: p.displayName, role: p.role, hash, at: toHallIso(now()) })
    audit('account_created', { id, username: p.username }, by, peer, `role ${p.role}`)
    return accountOf(id)!
  }

  function status(cred: Credential): AuthStatus {
    return {
      setupNeeded: stmts.count.get() === 0,
      operator: cred.operator ?? null,
      locked: cred.locked ?? false,
      scopes: [...cred.scopes],
      lockAfterMinutes: cred.operator?.role === 'viewer' ? 0 : lockAfterMinutes,
    }
  }

  return {
    lockAfterMinutes,
    isSessionToken: (token: string) => token.startsWith(SESSION_PREFIX),

    /** The credential of a session token, or null when it is unknown, ended or expired. */
    resolveSession(token: string): Credential | null {
      const id = sha256(token)
      const entry = sessions.get(id)
      if (!entry) return null
      const t = now()
      if (t - entry.lastSeenMs > idleMs) {
        sessions.delete(id)
        stmts.deleteSession.run(id)
        return null
      }
      const account = accountOf(entry.operatorId)
      if (!account || account.disabled) return null
      entry.lastSeenMs = t
      if (t - entry.storedSeenMs > 60_000) {
        entry.storedSeenMs = t
        stmts.touchSession.run(t, id)
      }
      return {
        scopes: entry.locked ? HALL_TOKEN_SCOPES : ROLE_SCOPES[account.role],
        operator: account,
        sessionId: id,
        locked: entry.locked,
      }
    },

    status,

    setupNeeded: () => stmts.count.get() === 0,

    async setup(p: { username: string; displayName: string; password: string }, peer?: string): Promise<LoginResult> {
      if (stmts.count.get() !== 0)
        throw new ContractFailure('conflict', 'an administrator exists already: sign in instead')
      const account = await createAccount({ ...p, role: 'admin' }, undefined, peer)
      audit('setup', account, undefined, peer)
      stmts.loginOk.run(toHallIso(now()), account.id)
      operatorCache.delete(account.id)
      return startSession(accountOf(account.id)!, peer)
    },

    /** Creates the administrator non-interactively when no operator exists (automated setups). */
    async bootstrapAdmin(username: string, password: string): Promise<boolean> {
      if (stmts.count.get() !== 0) return false
      await createAccount({ username, displayName: username, role: 'admin', password }, undefined, 'bootstrap')
      return true
    },

    /**
     * Checks an operator's password without starting a session (a signature, e.g. the incoming
     * lead signing a handover at the outgoing lead's workstation). Failures count like sign-ins.
     */
    async verify(username: string, password: string, purpose: string, peer?: string): Promise<OperatorAccount> {
      const row = stmts.byName.get(username.trim())
      const t = now()
      if (row && row.refused_until_ms > t)
        throw new ContractFailure('rate_limited', 'too many failed attempts: try again later')
      if (!row || row.disabled || !(await verifyPassword(password, row.password_hash))) {
        if (row) recordFailure(row, t)
        audit('signature_failed', { id: row?.id, username }, undefined, peer, purpose)
        throw new ContractFailure('unauthorized', 'wrong username or password')
      }
      audit('signature', { id: row.id, username: row.username }, undefined, peer, purpose)
      return accountOf(row.id)!
    },

    async login(username: string, password: string, peer?: string): Promise<LoginResult> {
      const row = stmts.byName.get(username.trim())
      const t = now()
      if (row && row.refused_until_ms > t) {
        const seconds = Math.ceil((row.refused_until_ms - t) / 1000)
        audit('login_refused', { id: row.id, username: row.username }, undefined, peer)
        throw new ContractFailure('rate_limited', `too many failed sign-ins: try again in ${seconds} s`)
      }
      if (!row) {
        dummyHash ??= hashPassword('not a password', cost)
        await verifyPassword(password, await dummyHash)
        audit('login_failed', { username }, undefined, peer, 'unknown username')
        throw new ContractFailure('unauthorized', 'wrong username or password')
      }
      const ok = await verifyPassword(password, row.password_hash)
      if (!ok || row.disabled) {
        recordFailure(row, t)
        audit(
          'login_failed',
          { id: row.id, username: row.username },
          undefined,
          peer,
          row.disabled ? 'disabled' : 'password',
        )
        throw new ContractFailure('unauthorized', 'wrong username or password')
      }
      stmts.loginOk.run(toHallIso(t), row.id)
      operatorCache.delete(row.id)
      const account = accountOf(row.id)!
      audit('login', account, undefined, peer)
      return startSession(account, peer)
    },

    logout(cred: Credential, peer?: string) {
      if (!cred.sessionId) return
      const entry = sessions.get(cred.sessionId)
      sessions.delete(cred.sessionId)
      stmts.deleteSession.run(cred.sessionId)
      if (entry) audit('logout', { id: entry.operatorId, username: cred.operator?.username }, undefined, peer)
    },

    lock(cred: Credential, peer?: string): AuthStatus {
      const { id, entry, account } = requireSession(cred)
      if (!entry.locked) {
        entry.locked = true
        stmts.lockSession.run(1, id)
        audit('lock', account, undefined, peer)
      }
      return status({ scopes: HALL_TOKEN_SCOPES, operator: account, sessionId: id, locked: true })
    },

    async unlock(cred: Credential, password: string, peer?: string): Promise<AuthStatus> {
      const { id, entry, account } = requireSession(cred)
      const row = stmts.byId.get(account.id)!
      if (!(await verifyPassword(password, row.password_hash))) {
        audit('unlock_failed', account, undefined, peer)
        throw new ContractFailure('unauthorized', 'wrong password', [{ path: 'password', message: 'wrong' }])
      }
      entry.locked = false
      stmts.lockSession.run(0, id)
      audit('unlock', account, undefined, peer)
      return status({ scopes: ROLE_SCOPES[account.role], operator: account, sessionId: id, locked: false })
    },

    async changePassword(cred: Credential, current: string, next: string, peer?: string) {
      const { account } = requireSession(cred)
      const row = stmts.byId.get(account.id)!
      if (!(await verifyPassword(current, row.password_hash)))
        throw new ContractFailure('unauthorized', 'wrong password', [{ path: 'currentPassword', message: 'wrong' }])
      stmts.setHash.run(await hashPassword(next, cost), toHallIso(now()), account.id)
      // Other sessions of this operator end; this one stays.
      for (const [id, s] of sessions)
        if (s.operatorId === account.id && id !== cred.sessionId) {
          sessions.delete(id)
          stmts.deleteSession.run(id)
        }
      audit('password_changed', account, account, peer)
    },

    list: (): OperatorAccount[] => stmts.all.all().map(toAccount),

    create: (
      p: { username: string; displayName: string; role: Role; password: string },
      by: OperatorAccount | undefined,
      peer?: string,
    ) => createAccount(p, by, peer),

    update(
      p: { id: string; displayName?: string; role?: Role; disabled?: boolean },
      by: OperatorAccount | undefined,
      peer?: string,
    ): OperatorAccount {
      const row = stmts.byId.get(p.id)
      if (!row) throw new ContractFailure('not_found', `no operator ${p.id}`)
      const role = p.role ?? row.role
      const disabled = p.disabled ?? row.disabled === 1
      const wasActiveAdmin = row.role === 'admin' && row.disabled === 0
      if (wasActiveAdmin && (role !== 'admin' || disabled) && stmts.activeAdmins.get()! <= 1)
        throw new ContractFailure('conflict', 'the last active administrator cannot be demoted or disabled')
      stmts.update.run(p.displayName ?? row.display_name, role, disabled ? 1 : 0, p.id)
      operatorCache.delete(p.id)
      if (disabled || role !== row.role) endSessionsOf(p.id)
      const changes = [
        p.displayName !== undefined && p.displayName !== row.display_name ? 'display name' : null,
        role !== row.role ? `role ${row.role} → ${role}` : null,
        disabled !== (row.disabled === 1) ? (disabled ? 'disabled' : 'enabled') : null,
      ].filter(Boolean)
      audit('account_updated', { id: row.id, username: row.username }, by, peer, changes.join(', '))
      return accountOf(p.id)!
    },

    async setPassword(id: string, password: string, by: OperatorAccount | undefined, peer?: string) {
      const row = stmts.byId.get(id)
      if (!row) throw new ContractFailure('not_found', `no operator ${id}`)
      stmts.setHash.run(await hashPassword(password, cost), toHallIso(now()), id)
      stmts.loginFailed.run(0, 0, id)
      endSessionsOf(id)
      audit('password_set', { id: row.id, username: row.username }, by, peer)
    },
  }
}
export type AuthService = ReturnType<typeof createAuthService>
