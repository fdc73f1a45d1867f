/** Images and video alerts for unit tests: real PNGs (the simulator's encoder) and a JPEG skeleton. */
import type { ZsVideoAlert } from '../../contract'
import { createRaster, encodePng, fillRect, pngChunk, PNG_SIGNATURE } from '../../sim/png'

/** A real PNG of width × height with one coloured square (different colours → different bytes). */
export function testPng(width = 32, height = 18, color: [number, number, number] = [220, 40, 40]): Buffer {
  const r = createRaster(width, height)
  fillRect(r, width / 4, height / 4, width / 2, height / 2, color)
  return encodePng(r)
}

/** A PNG whose chunks are as given (CRCs computed), for structural tests. */
export function pngFromChunks(chunks: [type: string, data: Buffer][]): Buffer {
  return Buffer.concat([PNG_SIGNATURE, ...chunks.map(([t, d]) => pngChunk(t, d))])
}

export function ihdr(width: number, height: number): Buffer {
  const b = Buffer.alloc(13)
  b.writeUInt32BE(width, 0)
  b.writeUInt32BE(height, 4)
  b[8] = 8
  b[9] = 2
  return b
}

/**
 * A JPEG skeleton: SOI, APP0 (JFIF), SOF0 with the dimensions, SOS, a few data bytes, EOI.
 * Structurally well formed (what the engine checks), not decodable to pixels.
 */
export function testJpeg(width = 640, height = 360): Buffer {
  const seg = (marker: number, body: number[]) => [
    0xff,
    marker,
    ((body.length + 2) >> 8) & 0xff,
    (body.length + 2) & 0xff,
    ...body,
  ]
  const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff]
  return Buffer.from([
    0xff,
    0xd8,
    ...seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...seg(0xc0, [8, ...u16(height), ...u16(width), 3, 1, 0x22, 0, 2, 0x11, 0, 3, 0x11, 0]),
    ...seg(0xda, [3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0]),
    0x12,
    0x34,
    0xab,
    0xcd,
    0xff,
    0xd9,
  ])
}

/** A valid zs.video_alert/1 (the contract's example) with a real PNG snapshot. */
export function validVideoAlert(overrides: Partial<ZsVideoAlert> = {}): ZsVideoAlert {
  return {
    schema: 'zs.video_alert/1',
    id: 'VA-8f1c2',
    version: 1,
    type: 'illegal_parking',
    status: 'new',
    cameraId: 'CAM-JBY-03',
    cameraName: '金博园小区东门',
    communityId: 'C-JBY',
    communityName: '金博园小区',
    propertyCompany: { id: 'P-07', name: '昔阳县安居物业服务有限公司' },
    townshipCode: '140724400',
    confidence: 0.91,
    detectedAt: '2026-11-27T21:14:05+08:00',
    snapshot: { mime: 'image/png', base64: testPng().toString('base64') },
    boxes: [{ x: 0.42, y: 0.55, w: 0.2, h: 0.18, label: 'car' }],
    drill: false,
    ...overrides,
  }
}
