import { describe, expect, it } from 'vitest'
import { placeCanvas } from './canvasFit'

describe('placeCanvas', () => {
  it('is identity at the design size', () => {
    expect(placeCanvas(1920, 1080, 1920, 1080)).toEqual({ scale: 1, offsetX: 0, offsetY: 0 })
  })
  it('doubles on a 4K screen', () => {
    expect(placeCanvas(3840, 2160, 1920, 1080)).toEqual({ scale: 2, offsetX: 0, offsetY: 0 })
  })
  it('letterboxes a 32:9 wall (bars left and right)', () => {
    const p = placeCanvas(7680, 2160, 1920, 1080)
    expect(p.scale).toBe(2)
    expect(p.offsetX).toBe(1920)
    expect(p.offsetY).toBe(0)
  })
  it('letterboxes a taller window (bars top and bottom)', () => {
    const p = placeCanvas(1920, 1200, 1920, 1080)
    expect(p.scale).toBe(1)
    expect(p.offsetY).toBe(60)
  })
  it('fill covers the screen', () => {
    const p = placeCanvas(7680, 2160, 1920, 1080, 'fill')
    expect(p.scale).toBe(4)
    expect(p.offsetY).toBe(-1080)
  })
  it('survives a zero-sized window', () => {
    expect(placeCanvas(0, 0, 1920, 1080)).toEqual({ scale: 1, offsetX: 0, offsetY: 0 })
  })
})
