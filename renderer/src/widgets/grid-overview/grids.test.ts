import { describe, expect, it } from 'vitest'
import type { StatsGrids } from '../../../../electron/contract'
import { compactCount, gridRows, gridTiles } from './grids'

const row = (code: string, grids: number, dedicatedGrids = 0) => ({
  code,
  name: code,
  villages: 1,
  grids,
  microGrids: grids * 10,
  dedicatedGrids,
  gridWorkers: grids,
  households: grids * 300,
})
const g: StatsGrids = {
  registryVersion: 4,
  total: { villages: 250, grids: 353, microGrids: 3447, dedicatedGrids: 699, gridWorkers: 400, households: 100000 },
  townships: [row('b', 10), row('a', 10), row('c', 30, 5)],
}

describe('grid overview', () => {
  it('shows the county totals (Xiyang: 353 / 3,447 / 699)', () => {
    expect(gridTiles(g).map((x) => [x.key, x.value])).toEqual([
      ['grids', 353],
      ['microGrids', 3447],
      ['dedicatedGrids', 699],
      ['gridWorkers', 400],
      ['households', 100000],
    ])
    expect(gridTiles({ ...g, registryVersion: null }).every((x) => x.value === null)).toBe(true)
  })
  it('shortens large counts for the tiles', () => {
    expect(compactCount(3447, 'zh-CN')).toBe('3,447')
    expect(compactCount(103291, 'zh-CN')).toBe('10.3万')
    expect(compactCount(103291, 'en')).toBe('103k')
  })
  it('lists townships with the most grids first', () => {
    expect(gridRows(g, 2).map((r) => r.code)).toEqual(['c', 'a'])
  })
})
