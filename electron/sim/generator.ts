/**
 * A seeded generator of `zs.event/1` payloads for the demo county: new events across the five
 * sources, three domains and four severities, with texts naming real villages and townships, and
 * next versions that walk the contract's lifecycle. No I/O and no clock: the caller passes the
 * time, so the same seed and the same times give the same payloads.
 */
import type { EventSource, Severity, ZsEvent } from '../contract'
import { SPOTS, STREETS, TEMPLATES, type EventTemplate, type PlaceKind, type TextContext } from './catalog'
import type {
  CountyRegistry,
  RegistryCommunity,
  RegistryGrid,
  RegistryMicroGrid,
  RegistryTownship,
  RegistryVillage,
} from './county'
import { advanceEvent, typicalDelayMs } from './lifecycle'
import { mobilePhone, personName } from './names'
import { createRng, type Rng } from './random'
import { HOUR, MINUTE, shanghaiDateKey, toShanghaiIso } from './time'

export { deadlineFor, DEADLINE_MS, INITIAL_STATUSES, isTerminal, nextStatuses } from './lifecycle'

/** How often each source reports, relative to the others (patrol and citizens dominate). */
export const SOURCE_WEIGHTS: readonly (readonly [EventSource, number])[] = [
  ['grid_patrol', 35],
  ['citizen', 35],
  ['enforcement', 12],
  ['referral', 10],
  ['opinion', 8],
]

/** How citizens reach the hall; 12345 carries most of it. */
export const CITIZEN_CHANNELS: readonly (readonly [string, number])[] = [
  ['hotline_12345', 60],
  ['app', 18],
  ['mailbox', 12],
  ['walk_in', 10],
]

const OPINION_CHANNELS: readonly string[] = ['weibo', 'douyin', 'wechat', 'forum']

/** Who passes a referral down when its template does not say. */
const DEFAULT_SENDER = { channel: 'superior', name: '晋中市12345政务服务便民热线' } as const

export interface EventGeneratorOptions {
  registry: CountyRegistry
  /** Default 1. */
  seed?: number
  /**
   * Appended to every id (`EV-20261127-000123-K7Q2`) so two runs with the same seed never reuse
   * an id in a hall that keeps its database; '' (the default) for the plain contract form.
   */
  runTag?: string
  /** First sequence number of the ids; default 1. */
  startSequence?: number
}

export interface EventGenerator {
  /** A new event, version 1, reported at `atMs`: usually `reported`, sometimes `resolved` on the spot. */
  create(atMs: number): ZsEvent
  /** The next version at `atMs` along the lifecycle, or null when the event is finished. */
  advance(event: ZsEvent, atMs: number): ZsEvent | null
  /** A plausible wait before the event's next step, for replaying history. */
  typicalDelayMs(event: ZsEvent): number
}

interface CountyIndex {
  townships: Map<string, RegistryTownship>
  villages: RegistryVillage[]
  urbanVillages: RegistryVillage[]
  gridsByVillage: Map<string, RegistryGrid[]>
  microGridsByGrid: Map<string, RegistryMicroGrid[]>
  dedicatedByCategory: Map<string, RegistryGrid[]>
  communities: RegistryCommunity[]
  communityVillage: Map<string, RegistryVillage>
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const map = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    if (k === undefined) continue
    const list = map.get(k)
    if (list) list.push(item)
    else map.set(k, [item])
  }
  return map
}

function indexCounty(registry: CountyRegistry): CountyIndex {
  const villages = registry.villages
  const urbanTownships = new Set(registry.communities.map((c) => c.townshipCode))
  // "Urban" streets belong to the communities (社区) of the townships that have residential compounds.
  const urbanVillages = villages.filter((v) => v.kind === 'community' && urbanTownships.has(v.townshipCode))
  const communityVillage = new Map<string, RegistryVillage>()
  for (const c of registry.communities) {
    // A compound lies in the village/community nearest to it.
    let best: RegistryVillage | undefined
    let bestDistance = Number.POSITIVE_INFINITY
    for (const v of villages) {
      if (v.townshipCode !== c.townshipCode) continue
      const d = (v.lat - c.lat) ** 2 + (v.lng - c.lng) ** 2
      if (d < bestDistance) {
        best = v
        bestDistance = d
      }
    }
    if (best) communityVillage.set(c.id, best)
  }
  return {
    townships: new Map(registry.townships.map((t) => [t.code, t])),
    villages,
    urbanVillages: urbanVillages.length > 0 ? urbanVillages : villages,
    gridsByVillage: groupBy(
      registry.grids.filter((g) => g.kind === 'grid'),
      (g) => g.villageCode,
    ),
    microGridsByGrid: groupBy(registry.microGrids, (m) => m.gridId),
    dedicatedByCategory: groupBy(
      registry.grids.filter((g) => g.kind === 'dedicated'),
      (g) => g.category,
    ),
    communities: registry.communities.filter((c) => communityVillage.has(c.id)),
    communityVillage,
  }
}

interface Placement {
  location: ZsEvent['location']
  village: RegistryVillage
  grid: RegistryGrid | undefined
  community: RegistryCommunity | undefined
  place: string
  street: string
  spot: string
  building: number
}

function jitter(rng: Rng, value: number, amount: number): number {
  return Math.round((value + (rng.next() - 0.5) * 2 * amount) * 100_000) / 100_000
}

function place(kind: PlaceKind, index: CountyIndex, rng: Rng): Placement {
  let village: RegistryVillage
  let grid: RegistryGrid | undefined
  let community: RegistryCommunity | undefined
  let address: string
  let point: { lat: number; lng: number }
  let placeName: string
  const street = rng.pick(STREETS)
  const spot = rng.pick(SPOTS)
  const building = rng.int(1, 18)

  const dedicated = index.dedicatedByCategory.get(kind)
  if (kind === 'community' && index.communities.length > 0) {
    community = rng.pick(index.communities)
    village = index.communityVillage.get(community.id) ?? rng.pick(index.villages)
    address = `${community.name}${building}号楼`
    point = community
    placeName = community.name
  } else if (dedicated && dedicated.length > 0) {
    grid = rng.pick(dedicated)
    village = index.villages.find((v) => v.code === grid?.villageCode) ?? rng.pick(index.villages)
    address = grid.name
    point = grid
    placeName = grid.name
  } else if (kind === 'urban') {
    village = rng.pick(index.urbanVillages)
    address = `${street}${rng.int(1, 260)}号附近`
    point = village
    placeName = street
  } else {
    village = rng.pick(index.villages)
    address = `${village.name}${spot}`
    point = village
    placeName = village.name
  }

  // Patrol grids: dedicated events stay on their dedicated grid; others fall in one of the village's grids.
  let microGrid: RegistryMicroGrid | undefined
  if (!grid) {
    const grids = index.gridsByVillage.get(village.code)
    if (grids && grids.length > 0) {
      grid = rng.pick(grids)
      const micro = index.microGridsByGrid.get(grid.id)
      if (micro && micro.length > 0) microGrid = rng.pick(micro)
    }
  }
  const township = index.townships.get(village.townshipCode)
  return {
    location: {
      townshipCode: village.townshipCode,
      township: township?.name ?? null,
      villageCode: village.code,
      village: village.name,
      gridId: grid?.id ?? null,
      microGridId: microGrid?.id ?? null,
      address,
      lat: jitter(rng, point.lat, 0.002),
      lng: jitter(rng, point.lng, 0.002),
    },
    village,
    grid,
    community,
    place: placeName,
    street,
    spot,
    building,
  }
}

function citizenName(rng: Rng): string {
  const surname = personName(rng).slice(0, 1)
  return `${surname}${rng.chance(0.55) ? '先生' : '女士'}`
}

/** How the citizen's words are introduced, by channel (来电 / 信箱 / APP / 来访). */
function citizenIntro(channel: string, name: string): string {
  switch (channel) {
    case 'hotline_12345':
      return `市民${name}拨打12345热线`
    case 'mailbox':
      return `${name}通过县长信箱留言`
    case 'app':
      return `${name}通过政务服务APP`
    default:
      return `${name}到县综治中心来访`
  }
}

const ON_SITE_NOTES: readonly string[] = [
  '网格员现场协调处置完毕，群众认可',
  '已现场劝导解决，并纳入网格日常巡查',
  '网格员已当场处置，隐患消除',
]

export function createEventGenerator(options: EventGeneratorOptions): EventGenerator {
  const rng = createRng(options.seed ?? 1)
  const index = indexCounty(options.registry)
  const units = options.registry.units
  const tag = options.runTag ? `-${options.runTag}` : ''
  let sequence = options.startSequence ?? 1
  const bySource = groupBy(TEMPLATES, (t) => t.source)

  function template(source: EventSource): EventTemplate {
    const list = bySource.get(source) ?? []
    return rng.weighted(list.map((t) => [t, t.weight] as const))
  }

  function create(atMs: number): ZsEvent {
    const source = rng.weighted(SOURCE_WEIGHTS)
    const tpl = template(source)
    const placement = place(tpl.place, index, rng)
    const severity: Severity = rng.weighted(tpl.severity)

    let channel: string
    let reporter: NonNullable<ZsEvent['reporter']>
    let reporterText: string
    let occurredBefore: number
    switch (source) {
      case 'grid_patrol': {
        const worker = placement.grid?.workers[0]
        channel = 'patrol'
        reporter = worker
          ? { name: worker.name, phone: worker.phone, role: 'grid_worker' }
          : { name: personName(rng), role: 'grid_worker' }
        reporterText = reporter.name ?? '网格员'
        occurredBefore = rng.int(5, 90) * MINUTE
        break
      }
      case 'enforcement': {
        channel = 'inspection'
        reporter = { name: personName(rng), phone: mobilePhone(rng), role: 'enforcement_officer' }
        reporterText = reporter.name ?? '执法人员'
        occurredBefore = rng.int(0, 60) * MINUTE
        break
      }
      case 'citizen': {
        channel = rng.weighted(CITIZEN_CHANNELS)
        const name = citizenName(rng)
        reporter = { name, phone: mobilePhone(rng), role: 'citizen' }
        reporterText = citizenIntro(channel, name)
        occurredBefore = rng.int(10, 12 * 60) * MINUTE
        break
      }
      case 'referral': {
        const sender = tpl.sender ?? DEFAULT_SENDER
        channel = sender.channel
        reporter = { name: sender.name, role: 'superior' }
        reporterText = sender.name
        occurredBefore = rng.int(1, 72) * HOUR
        break
      }
      default: {
        channel = rng.pick(OPINION_CHANNELS)
        reporter = { name: '县委网信办舆情监测中心', role: 'opinion_monitor' }
        reporterText = reporter.name ?? '舆情监测'
        occurredBefore = rng.int(1, 12) * HOUR
        break
      }
    }

    const context: TextContext = {
      rng,
      township: placement.location.township ?? '',
      village: placement.village.name,
      spot: placement.spot,
      building: placement.building,
      street: placement.street,
      community:
        placement.community?.name ??
        (index.communities.length > 0 ? rng.pick(index.communities).name : placement.village.name),
      place: placement.place,
      reporter: reporterText,
    }
    const text = tpl.text(context)

    const reportedAt = toShanghaiIso(atMs)
    const id = `EV-${shanghaiDateKey(atMs)}-${String(sequence).padStart(6, '0')}${tag}`
    sequence++
    const onSite = source === 'grid_patrol' && tpl.onSite !== undefined && rng.chance(tpl.onSite)

    return {
      schema: 'zs.event/1',
      id,
      version: 1,
      source,
      channel,
      domain: tpl.domain,
      category: tpl.category,
      severity,
      title: text.title,
      description: text.description,
      status: onSite ? 'resolved' : 'reported',
      location: placement.location,
      reporter,
      assignee: null,
      deadline: null,
      occurredAt: toShanghaiIso(atMs - occurredBefore),
      reportedAt,
      updatedAt: reportedAt,
      lastAction: onSite
        ? {
            action: 'resolve',
            by: `网格员 ${reporter.name ?? ''}`.trim(),
            at: reportedAt,
            note: rng.pick(ON_SITE_NOTES),
          }
        : { action: 'report', by: reporter.name ?? null, at: reportedAt, note: null },
      supervision: null,
      satisfaction: null,
      resolvedOnSite: onSite,
      attachments: [],
      relatedIds: [],
      drill: false,
    }
  }

  return {
    create,
    advance: (event, atMs) => advanceEvent(event, { rng, at: atMs, units }),
    typicalDelayMs: (event) => typicalDelayMs(event, rng),
  }
}
