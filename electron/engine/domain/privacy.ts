/**
 * Personal data shown only to roles that need it. A reporter's phone is for the duty staff who
 * call back (回访); a wall screen, a trainer or the hall token without an operator sees it masked.
 */

/** 13935400000 → 139****0000; short numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s/g, '')
  if (digits.length >= 7) return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`
  return `${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`
}

/** A copy of an event payload with `reporter.phone` masked (the original is left alone). */
export function maskReporterPhone<T extends Record<string, unknown>>(payload: T): T {
  const reporter = payload.reporter as { phone?: unknown } | null | undefined
  if (!reporter || typeof reporter.phone !== 'string' || reporter.phone === '') return payload
  return { ...payload, reporter: { ...reporter, phone: maskPhone(reporter.phone) } }
}
