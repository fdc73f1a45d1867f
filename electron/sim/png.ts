/**
 * A tiny PNG encoder (8-bit RGB, no interlace) and a painter for the demo's video-alert
 * snapshots: a camera-like scene with a coloured rectangle where the detection box is. Real PNGs,
 * valid by magic number and structure, made with node:zlib and nothing else.
 */
import { crc32, deflateSync } from 'node:zlib'

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** One PNG chunk: length, type, data, CRC-32 of type and data. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** An RGB raster: width × height × 3 bytes, row-major. */
export interface Raster {
  width: number
  height: number
  rgb: Uint8Array
}

export function createRaster(width: number, height: number): Raster {
  return { width, height, rgb: new Uint8Array(width * height * 3) }
}

export type Rgb = readonly [number, number, number]

/** Fills a rectangle (pixel coordinates, clipped), optionally blending with `alpha` 0–1. */
export function fillRect(r: Raster, x0: number, y0: number, w: number, h: number, c: Rgb, alpha = 1): void {
  const xa = Math.max(0, Math.floor(x0))
  const ya = Math.max(0, Math.floor(y0))
  const xb = Math.min(r.width, Math.ceil(x0 + w))
  const yb = Math.min(r.height, Math.ceil(y0 + h))
  for (let y = ya; y < yb; y++) {
    for (let x = xa; x < xb; x++) {
      const i = (y * r.width + x) * 3
      for (let k = 0; k < 3; k++) r.rgb[i + k] = Math.round(r.rgb[i + k] * (1 - alpha) + c[k] * alpha)
    }
  }
}

/** A rectangle outline `thickness` pixels wide, inside the rectangle. */
export function strokeRect(r: Raster, x: number, y: number, w: number, h: number, c: Rgb, thickness = 2): void {
  fillRect(r, x, y, w, thickness, c)
  fillRect(r, x, y + h - thickness, w, thickness, c)
  fillRect(r, x, y, thickness, h, c)
  fillRect(r, x + w - thickness, y, thickness, h, c)
}

/** Encodes a raster as PNG (colour type 2, filter 0 on every row). */
export function encodePng(r: Raster): Buffer {
  const stride = r.width * 3
  const raw = Buffer.alloc((stride + 1) * r.height)
  for (let y = 0; y < r.height; y++) {
    raw[y * (stride + 1)] = 0
    raw.set(r.rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(r.width, 0)
  ihdr.writeUInt32BE(r.height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // colour type RGB
  ihdr[10] = 0 // compression
  ihdr[11] = 0 // filter
  ihdr[12] = 0 // no interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 6 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

/** A box in fractions of the image, as in zs.video_alert/1. */
export interface FractionBox {
  x: number
  y: number
  w: number
  h: number
}

/**
 * A demo camera frame: sky/wall, ground, a few buildings, and the detection — a translucent fill
 * with a solid outline in `color` — where `box` says. `variant` (0–1) shifts the scene so frames
 * of different cameras differ.
 */
export function paintSnapshot(width: number, height: number, box: FractionBox, color: Rgb, variant = 0): Buffer {
  const r = createRaster(width, height)
  const horizon = Math.round(height * (0.38 + 0.1 * variant))
  for (let y = 0; y < height; y++) {
    const t = y / height
    const c: Rgb =
      y < horizon
        ? [Math.round(150 + 60 * t), Math.round(170 + 50 * t), Math.round(200 + 30 * t)]
        : [Math.round(95 + 30 * t), Math.round(98 + 28 * t), Math.round(100 + 25 * t)]
    fillRect(r, 0, y, width, 1, c)
  }
  // Buildings along the horizon.
  const count = 4 + Math.floor(variant * 3)
  for (let i = 0; i < count; i++) {
    const bw = width / (count + 1)
    const bh = height * (0.15 + 0.12 * (((i * 7 + Math.floor(variant * 10)) % 5) / 5))
    const shade = 120 + ((i * 37) % 60)
    fillRect(r, i * bw * 1.1 + bw * 0.2, horizon - bh, bw * 0.8, bh, [shade, shade - 5, shade - 15])
  }
  // Lane markings on the ground.
  for (let x = 0; x < width; x += Math.round(width / 8)) {
    fillRect(r, x, Math.round(height * 0.8), Math.round(width / 16), 3, [230, 230, 210])
  }
  const bx = box.x * width
  const by = box.y * height
  const bw = box.w * width
  const bh = box.h * height
  fillRect(r, bx, by, bw, bh, color, 0.35)
  strokeRect(r, bx, by, bw, bh, color, Math.max(2, Math.round(width / 160)))
  return encodePng(r)
}
