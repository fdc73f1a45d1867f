import { createHash, timingSafeEqual } from 'node:crypto'
import type { Scope } from '../../contract'

export interface TokenGrant {
  token: string
  scopes: Scope[]
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest()

/** Constant-time token lookup: compares SHA-256 digests so lengths never leak. */
export function createTokenChecker(grants: TokenGrant[]) {
  const table = grants.filter((g) => g.token.length > 0).map((g) => ({ d: digest(g.token), scopes: g.scopes }))
  return (candidate: string): Scope[] | null => {
    const d = digest(candidate)
    let found: Scope[] | null = null
    for (const g of table) if (timingSafeEqual(g.d, d)) found = g.scopes
    return found
  }
}
