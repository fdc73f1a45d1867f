/**
 * Who works at this workstation. The window reaches the engine with the hall token, which may
 * only read and sign an operator in; after signing in, the link is reopened with the operator's
 * session token, whose role the engine enforces on every call. The session token is kept in this
 * tab's sessionStorage (a reload stays signed in, closing the window does not keep it).
 *
 * phase: 'checking' (asking the engine) → 'setup' (first run: create the administrator) |
 * 'signIn' | 'signedIn' | 'locked' (idle or locked by hand: the password unlocks).
 * Wall windows never sign in: they read with the hall (or a read-only) token.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { AuthStatus, LoginResult, Role, Scope } from '../../../electron/contract'
import { CallError } from '../api/client'
import { engine, session } from '../api/engine'
import { useConnectionStore } from './connection'

export const OPERATOR_SESSION_KEY = 'zhongshu.operatorSession'

export type AuthPhase = 'checking' | 'setup' | 'signIn' | 'signedIn' | 'locked'

function storage(): Storage | null {
  try {
    return window.sessionStorage
  } catch {
    return null
  }
}

/** The operator session token this tab keeps, if any. */
export function storedOperatorToken(): string | null {
  try {
    return storage()?.getItem(OPERATOR_SESSION_KEY) ?? null
  } catch {
    return null
  }
}

function keepOperatorToken(token: string | null) {
  try {
    if (token) storage()?.setItem(OPERATOR_SESSION_KEY, token)
    else storage()?.removeItem(OPERATOR_SESSION_KEY)
  } catch {
    /* storage disabled: the session lasts until reload */
  }
}

export const useAuthStore = defineStore('auth', () => {
  const connection = useConnectionStore()
  const status = shallowRef<AuthStatus | null>(null)
  const phase = ref<AuthPhase>('checking')
  let started = false

  const operator = computed(() => status.value?.operator ?? null)
  const role = computed<Role | null>(() => operator.value?.role ?? null)
  const scopes = computed<readonly Scope[]>(() => status.value?.scopes ?? [])
  const can = (scope: Scope) => scopes.value.includes(scope)
  const lockAfterMinutes = computed(() => status.value?.lockAfterMinutes ?? 0)

  function apply(s: AuthStatus) {
    status.value = s
    phase.value = s.setupNeeded ? 'setup' : !s.operator ? 'signIn' : s.locked ? 'locked' : 'signedIn'
  }

  async function refresh(forEpoch: number) {
    try {
      const s = await engine().call('auth.status', {})
      if (forEpoch === connection.epoch) apply(s)
    } catch {
      /* the link dropped: the next epoch asks again */
    }
  }

  function useToken(token: string | null) {
    keepOperatorToken(token)
    phase.value = 'checking'
    engine().setToken(token ?? session()!.token)
  }

  function signedIn(r: LoginResult) {
    useToken(r.sessionToken)
  }

  async function login(username: string, password: string) {
    signedIn(await engine().call('auth.login', { username, password }))
  }

  async function setup(p: { username: string; displayName: string; password: string }) {
    signedIn(await engine().call('auth.setup', p))
  }

  async function logout() {
    try {
      await engine().call('auth.logout', {})
    } catch {
      /* signed out locally all the same */
    }
    useToken(null)
  }

  async function lock() {
    if (phase.value !== 'signedIn') return
    phase.value = 'locked'
    try {
      apply(await engine().call('auth.lock', {}))
    } catch {
      /* the engine locks it at the next call at the latest; the screen is locked already */
    }
  }

  async function unlock(password: string) {
    apply(await engine().call('auth.unlock', { password }))
  }

  async function changePassword(currentPassword: string, newPassword: string) {
    await engine().call('auth.changePassword', { currentPassword, newPassword })
  }

  /** A call failed: a locked session shows the lock screen. */
  function noticeError(e: unknown) {
    if (e instanceof CallError && e.code === 'locked') phase.value = 'locked'
  }

  function start() {
    if (started) return
    started = true
    watch(
      () => (connection.isOpen ? connection.epoch : -1),
      (epoch) => {
        if (epoch >= 0) void refresh(epoch)
      },
      { immediate: true },
    )
    engine().onSessionEnded(() => useToken(null))
  }

  return {
    status,
    phase,
    operator,
    role,
    scopes,
    can,
    lockAfterMinutes,
    start,
    login,
    setup,
    logout,
    lock,
    unlock,
    changePassword,
    noticeError,
  }
})
