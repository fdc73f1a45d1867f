import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ContractFailure } from '../../contract'
import { openDatabase, type Db } from '../store/database'
import { createAuthService } from './auth-service'
import { hashPassword, verifyPassword } from './passwords'

const CHEAP = { N: 2 ** 10, r: 8, p: 1 }

async function failure(p: Promise<unknown>): Promise<ContractFailure> {
  try {
    await p
  } catch (e) {
    if (e instanceof ContractFailure) return e
    throw e
  }
  throw new Error('expected a failure')
}

describe('passwords', () => {
  it('hashes with scrypt and a salt, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse', CHEAP)
    const b = await hashPassword('correct horse', CHEAP)
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain('correct horse')
    expect(await verifyPassword('correct horse', a)).toBe(true)
    expect(await verifyPassword('correct horsE', a)).toBe(false)
    expect(await verifyPassword('correct horse', 'plain')).toBe(false)
  })
})

describe('operators and sessions on a real SQLite file', () => {
  let dir: string
  let db: Db
  let t = Date.parse('2026-11-28T08:00:00+08:00')
  const now = () => t
  const make = (opts = {}) => createAuthService(db, { passwordCost: CHEAP, now, ...opts })

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zs-auth-'))
    db = openDatabase({ dataDir: dir })
    t = Date.parse('2026-11-28T08:00:00+08:00')
  })
  afterEach(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('first run: setup creates the administrator once and signs them in', async () => {
    const auth = make()
    expect(auth.setupNeeded()).toBe(true)
    const r = await auth.setup({ username: 'chief', displayName: '李主任', password: 'first-password' })
    expect(r.operator).toMatchObject({ username: 'chief', role: 'admin', disabled: false })
    expect(r.sessionToken).toMatch(/^zss_/)
    expect(auth.setupNeeded()).toBe(false)
    expect((await failure(auth.setup({ username: 'x1', displayName: 'x', password: 'another-password' }))).code).toBe(
      'conflict',
    )
    const stored = db.prepare('SELECT password_hash FROM operators').pluck().get() as string
    expect(stored).toMatch(/^scrypt\$/)
    expect(stored).not.toContain('first-password')
  })

  it('a session token stands for its operator with the role’s scopes; wrong passwords are refused', async () => {
    const auth = make()
    await auth.bootstrapAdmin('admin', 'admin-password')
    const admin = auth.resolveSession((await auth.login('admin', 'admin-password')).sessionToken)!
    await auth.create(
      { username: 'zhang', displayName: '张三', role: 'officer', password: 'officer-pw' },
      admin.operator,
    )
    const login = await auth.login('ZHANG', 'officer-pw') // usernames are case-insensitive
    const cred = auth.resolveSession(login.sessionToken)!
    expect(cred.operator?.username).toBe('zhang')
    expect([...cred.scopes].sort()).toEqual(['operate', 'read', 'session'])
    expect(auth.resolveSession('zss_not-a-session')).toBeNull()
    expect((await failure(auth.login('zhang', 'wrong'))).code).toBe('unauthorized')
    expect((await failure(auth.login('nobody', 'wrong'))).code).toBe('unauthorized')
    const audit = db.prepare('SELECT action, username FROM auth_audit ORDER BY seq').all()
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'login', username: 'zhang' },
        { action: 'login_failed', username: 'zhang' },
        { action: 'login_failed', username: 'nobody' },
      ]),
    )
  })

  it('refuses an account for a while after repeated failures, even with the right password', async () => {
    const auth = make({ maxFailedLogins: 3, refuseMinutes: 5 })
    await auth.bootstrapAdmin('admin', 'admin-password')
    for (let i = 0; i < 3; i++) expect((await failure(auth.login('admin', 'nope'))).code).toBe('unauthorized')
    expect((await failure(auth.login('admin', 'admin-password'))).code).toBe('rate_limited')
    t += 5 * 60_000 + 1
    expect((await auth.login('admin', 'admin-password')).operator.username).toBe('admin')
  })

  it('lock keeps only reading; unlock needs the password; sessions survive a restart', async () => {
    const auth = make()
    await auth.bootstrapAdmin('admin', 'admin-password')
    const { sessionToken } = await auth.login('admin', 'admin-password')
    const cred = auth.resolveSession(sessionToken)!
    auth.lock(cred)
    const locked = auth.resolveSession(sessionToken)!
    expect(locked.locked).toBe(true)
    expect([...locked.scopes]).toEqual(['session', 'read'])
    // A restarted engine reads the sessions back, still locked.
    const again = make()
    expect(again.resolveSession(sessionToken)?.locked).toBe(true)
    expect((await failure(again.unlock(locked, 'wrong'))).code).toBe('unauthorized')
    await again.unlock(locked, 'admin-password')
    expect(again.resolveSession(sessionToken)?.scopes).toContain('admin')
  })

  it('ends sessions on sign-out, idle expiry, disabling, a role change and a new password', async () => {
    const auth = make({ sessionIdleHours: 12 })
    await auth.bootstrapAdmin('admin', 'admin-password')
    const admin = auth.resolveSession((await auth.login('admin', 'admin-password')).sessionToken)!
    const op = await auth.create(
      { username: 'li', displayName: '李四', role: 'officer', password: 'li-password' },
      admin.operator,
    )
    const session = async () => (await auth.login('li', 'li-password')).sessionToken

    let s = await session()
    auth.logout(auth.resolveSession(s)!)
    expect(auth.resolveSession(s)).toBeNull()

    s = await session()
    t += 12 * 3_600_000 + 1
    expect(auth.resolveSession(s)).toBeNull()

    const adminAgain = auth.resolveSession((await auth.login('admin', 'admin-password')).sessionToken)!
    s = await session()
    auth.update({ id: op.id, role: 'lead' }, adminAgain.operator)
    expect(auth.resolveSession(s)).toBeNull()
    s = await session()
    expect(auth.resolveSession(s)?.scopes).toContain('lead')
    await auth.setPassword(op.id, 'new-li-password', adminAgain.operator)
    expect(auth.resolveSession(s)).toBeNull()
    s = (await auth.login('li', 'new-li-password')).sessionToken
    auth.update({ id: op.id, disabled: true }, adminAgain.operator)
    expect(auth.resolveSession(s)).toBeNull()
    expect((await failure(auth.login('li', 'new-li-password'))).code).toBe('unauthorized')
  })

  it('never leaves the hall without an active administrator', async () => {
    const auth = make()
    await auth.bootstrapAdmin('admin', 'admin-password')
    const [admin] = auth.list()
    expect(() => auth.update({ id: admin.id, disabled: true }, undefined)).toThrow(/last active administrator/)
    expect(() => auth.update({ id: admin.id, role: 'officer' }, undefined)).toThrow(/last active administrator/)
    await auth.create({ username: 'admin2', displayName: '二号', role: 'admin', password: 'admin2-password' }, admin)
    expect(auth.update({ id: admin.id, role: 'officer' }, undefined).role).toBe('officer')
  })

  it('changing one’s own password needs the current one and ends the other sessions', async () => {
    const auth = make()
    await auth.bootstrapAdmin('admin', 'admin-password')
    const a = await auth.login('admin', 'admin-password')
    const b = await auth.login('admin', 'admin-password')
    const credA = auth.resolveSession(a.sessionToken)!
    expect((await failure(auth.changePassword(credA, 'wrong', 'next-password'))).code).toBe('unauthorized')
    await auth.changePassword(credA, 'admin-password', 'next-password')
    expect(auth.resolveSession(a.sessionToken)).not.toBeNull()
    expect(auth.resolveSession(b.sessionToken)).toBeNull()
    expect((await auth.login('admin', 'next-password')).operator.role).toBe('admin')
  })
})
