/**
 * Callers for in-process engines (createEngine … engine.dispatch): what the transports would
 * resolve from a signed-in operator's session.
 */
import { ROLE_SCOPES, type OperatorAccount, type Role } from '../../electron/contract'
import type { CallContext } from '../../electron/engine/rpc/dispatcher'

export function operatorAccount(role: Role, username = `${role}-test`, displayName = `测试${role}`): OperatorAccount {
  return {
    id: `00000000-0000-4000-8000-${username.padStart(12, '0').slice(-12)}`,
    username,
    displayName,
    role,
    disabled: false,
    createdAt: '2026-11-28T08:00:00+08:00',
    lastLoginAt: null,
  }
}

/** The call context of a signed-in operator of this role. */
export function asOperator(role: Role, account: OperatorAccount = operatorAccount(role)): CallContext {
  return { scopes: ROLE_SCOPES[role], operator: account, peer: 'test' }
}

export const ADMIN_CTX = asOperator('admin')
