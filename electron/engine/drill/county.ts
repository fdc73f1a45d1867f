/**
 * The reference data a drill needs: the hall's registry when it holds one, else the demo county
 * (Xiyang), so a drill runs on a hall that has not received a registry yet.
 */
import type { ZsRegistry } from '../../contract'
import { buildXiyangRegistry, type RegistryUnit } from '../../sim/county'
import type { DrillCounty } from './inject-payloads'

let demo: DrillCounty | null = null

export function drillCounty(registry: ZsRegistry | null): DrillCounty {
  if (registry && registry.townships.length) {
    return {
      townships: registry.townships,
      villages: registry.villages ?? [],
      units: (registry.units ?? []) as RegistryUnit[],
      communities: registry.communities ?? [],
      propertyCompanies: registry.propertyCompanies ?? [],
    } as DrillCounty
  }
  demo ??= buildXiyangRegistry()
  return demo
}
