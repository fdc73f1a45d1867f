import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { createRaster, encodePng, fillRect, paintSnapshot } from './png'

/** Decodes what encodePng writes (8-bit RGB, filter 0) back to pixels. */
function decode(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  const width = png.readUInt32BE(16)
  const height = png.readUInt32BE(20)
  const idatLength = png.readUInt32BE(33)
  expect(png.toString('latin1', 37, 41)).toBe('IDAT')
  const raw = inflateSync(png.subarray(41, 41 + idatLength))
  expect(raw.length).toBe((width * 3 + 1) * height)
  const at = (x: number, y: number) => {
    const i = y * (width * 3 + 1) + 1 + x * 3
    return [raw[i], raw[i + 1], raw[i + 2]]
  }
  return { width, height, at }
}

describe('PNG encoder', () => {
  it('writes a PNG that decodes to the raster', () => {
    const r = createRaster(7, 5)
    fillRect(r, 2, 1, 3, 2, [10, 200, 30])
    const img = decode(encodePng(r))
    expect([img.width, img.height]).toEqual([7, 5])
    expect(img.at(2, 1)).toEqual([10, 200, 30])
    expect(img.at(4, 2)).toEqual([10, 200, 30])
    expect(img.at(0, 0)).toEqual([0, 0, 0])
    expect(img.at(5, 1)).toEqual([0, 0, 0])
  })

  it('paints the detection box where the fractions say, in its colour', () => {
    const png = paintSnapshot(320, 180, { x: 0.5, y: 0.5, w: 0.25, h: 0.25 }, [255, 0, 0])
    const img = decode(png)
    expect([img.width, img.height]).toEqual([320, 180])
    expect(img.at(160, 90)).toEqual([255, 0, 0]) // the outline's top-left corner
    expect(img.at(240 - 1, 135 - 1)).toEqual([255, 0, 0]) // bottom-right corner
    const inside = img.at(200, 112)
    expect(inside[0]).toBeGreaterThan(inside[1]) // translucent red fill
    expect(png.length).toBeLessThan(64 * 1024)
  })
})
