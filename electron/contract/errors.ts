/** Error codes every reply envelope may carry. */
export const ERROR_CODES = [
  'unauthorized',
  'forbidden',
  'invalid_params',
  'not_found',
  'unknown_method',
  'unavailable',
  'internal',
  /** The operator's session is locked (idle workstation): only auth methods work until unlocked. */
  'locked',
  /** The request conflicts with the current state (e.g. a username already taken). */
  'conflict',
  /** Too many failed attempts: try again later. */
  'rate_limited',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ContractError {
  code: ErrorCode
  message: string
  /** Field-level problems, e.g. from schema validation: path → message. */
  issues?: { path: string; message: string }[]
}

export class ContractFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ContractError['issues'],
  ) {
    super(message)
    this.name = 'ContractFailure'
  }
  toJSON(): ContractError {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) }
  }
}

export const HTTP_STATUS_OF: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  invalid_params: 400,
  not_found: 404,
  unknown_method: 404,
  unavailable: 503,
  internal: 500,
  locked: 423,
  conflict: 409,
  rate_limited: 429,
}
