/**
 * Display names for contract codes, through i18n. Unknown codes (a newer platform) are shown as
 * they came, as text. Names are cached per locale: the live list renders them for every visible
 * cell several times a second, and evaluating an i18n message each time is measurably slow.
 */
import { useI18n } from 'vue-i18n'

const cache = new Map<string, string>()

export function useLabels() {
  const { t, te, locale } = useI18n()
  const named = (group: string, code: string | number | null | undefined): string => {
    if (code === null || code === undefined || code === '') return '—'
    const key = `${group}.${code}`
    const cacheKey = `${locale.value}|${key}`
    let name = cache.get(cacheKey)
    if (name === undefined) {
      name = te(key) ? t(key) : String(code)
      if (cache.size > 5000) cache.clear()
      cache.set(cacheKey, name)
    }
    return name
  }
  return {
    sourceName: (code: string | null | undefined) => named('source', code),
    statusName: (code: string | null | undefined) => named('status', code),
    domainName: (code: string | null | undefined) => named('domain', code),
    severityName: (level: number | null | undefined) => named('severity', level),
    channelName: (code: string | null | undefined) => named('channel', code),
    actionName: (code: string | null | undefined) => named('action', code),
    satisfactionName: (code: string | null | undefined) => named('satisfaction', code),
    categoryName: (code: string | null | undefined) => named('category', code),
    roleName: (code: string | null | undefined) => named('role', code),
    attachmentKind: (code: string | null | undefined) => named('attachmentKind', code),
  }
}
