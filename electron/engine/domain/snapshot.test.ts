import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { SNAPSHOT_MAX_BYTES } from '../../contract'
import {
  checkImageBytes,
  checkSnapshot,
  checkSnapshotUrl,
  decodeBase64Strict,
  inspectJpeg,
  inspectPng,
  sha256Hex,
  sniffImage,
} from './snapshot'
import { ihdr, pngFromChunks, testJpeg, testPng } from './test-images'

const reason = (v: { ok: boolean; reason?: string }) => (v.ok ? 'ok' : v.reason)

describe('strict base64', () => {
  it('decodes canonical base64 of every padding length', () => {
    for (const bytes of [[1], [1, 2], [1, 2, 3], [0xff, 0xfe, 0xfd, 0xfc]]) {
      const b = Buffer.from(bytes)
      const d = decodeBase64Strict(b.toString('base64'))
      expect(d.ok && d.value.equals(b)).toBe(true)
    }
  })

  it.each([
    ['a character outside the alphabet', 'iVBO*w0K', /invalid character "\*" at 4/],
    ['whitespace / line breaks', 'iVBO\nw0K', /invalid character "\\n" at 4/],
    ['URL-safe characters', 'iVB-_w0K', /invalid character "-"/],
    ['a data: URL prefix', 'data:image/png;base64,iVBORw==', /invalid character|multiple of 4/],
    ['padding in the middle', 'iV==Rw0K', /invalid character = at 2/],
    ['too much padding', 'iV======', /invalid character = at 2/],
    ['a length that is not a multiple of 4', 'iVBORw0', /not a multiple of 4/],
    ['non-zero padding bits', 'AB==', /non-zero bits/],
    ['non-zero padding bits (one =)', 'AAB=', /non-zero bits/],
    ['nothing', '', /empty/],
    ['non-ASCII', 'iVBO\u00e9w0K', /invalid character/],
  ])('rejects %s', (_what, text, why) => {
    expect(reason(decodeBase64Strict(text))).toMatch(why)
  })

  it('checks the decoded size before decoding', () => {
    const justOver = 'A'.repeat(Math.ceil((SNAPSHOT_MAX_BYTES + 1) / 3) * 4)
    expect(reason(decodeBase64Strict(justOver))).toMatch(/2097153 bytes decoded exceeds the 2097152-byte limit/)
    const exactly = Buffer.alloc(SNAPSHOT_MAX_BYTES - 2).toString('base64')
    expect(decodeBase64Strict(exactly).ok).toBe(true)
  })
})

describe('image bytes', () => {
  it('knows JPEG and PNG by their magic numbers', () => {
    expect(sniffImage(testPng())).toBe('image/png')
    expect(sniffImage(testJpeg())).toBe('image/jpeg')
    expect(sniffImage(Buffer.from('GIF89a'))).toBeNull()
    expect(sniffImage(Buffer.alloc(0))).toBeNull()
  })

  it('accepts a real PNG and reads its dimensions', () => {
    expect(checkImageBytes(testPng(320, 180), 'image/png')).toEqual({
      ok: true,
      value: { mime: 'image/png', width: 320, height: 180 },
    })
  })

  it('accepts a well-formed JPEG and reads its dimensions; the mime is case-insensitive', () => {
    expect(checkImageBytes(testJpeg(640, 360), 'image/JPEG')).toEqual({
      ok: true,
      value: { mime: 'image/jpeg', width: 640, height: 360 },
    })
  })

  it('refuses a mime that does not match the bytes', () => {
    expect(reason(checkImageBytes(testPng(), 'image/jpeg'))).toBe('declared image/jpeg but the bytes are a PNG')
    expect(reason(checkImageBytes(testJpeg(), 'image/png'))).toBe('declared image/png but the bytes are a JPEG')
    expect(reason(checkImageBytes(Buffer.from('<svg onload=alert(1)>'), 'image/png'))).toBe('bytes are not a PNG')
    expect(reason(checkImageBytes(Buffer.from('GIF89a......'), 'image/jpeg'))).toBe('bytes are not a JPEG')
  })

  it('refuses formats that are not shown', () => {
    expect(reason(checkImageBytes(testPng(), 'image/svg+xml'))).toMatch(
      /"image\/svg\+xml" is not image\/jpeg or image\/png/,
    )
    expect(reason(checkImageBytes(testPng(), 'text/html'))).toMatch(/not image\/jpeg or image\/png/)
  })

  it('refuses fake PNGs: a PNG signature in front of garbage', () => {
    const garbage = Buffer.concat([testPng().subarray(0, 8), Buffer.from('<script>alert(1)</script> and more garbage')])
    expect(reason(checkImageBytes(garbage, 'image/png'))).toMatch(/^not a well-formed PNG/)
    expect(reason(inspectPng(testPng().subarray(0, 8)))).toMatch(/truncated chunk/)
  })

  it('refuses PNGs with a broken structure', () => {
    const png = testPng()
    const flipped = Buffer.from(png)
    flipped[45] ^= 0xff // inside IDAT's data (8 signature + 25 IHDR + 8 IDAT header)
    expect(reason(inspectPng(flipped))).toMatch(/CRC mismatch/)
    expect(reason(inspectPng(Buffer.concat([png, Buffer.from('trailer')])))).toMatch(/7 bytes after IEND/)
    expect(reason(inspectPng(png.subarray(0, png.length - 12)))).toMatch(/truncated chunk/)
    const idat = deflateSync(Buffer.alloc(4))
    expect(
      reason(
        inspectPng(
          pngFromChunks([
            ['IDAT', idat],
            ['IEND', Buffer.alloc(0)],
          ]),
        ),
      ),
    ).toMatch(/IHDR is not the first/)
    expect(
      reason(
        inspectPng(
          pngFromChunks([
            ['IHDR', ihdr(1, 1)],
            ['IEND', Buffer.alloc(0)],
          ]),
        ),
      ),
    ).toMatch(/no image data/)
    expect(
      reason(
        inspectPng(
          pngFromChunks([
            ['IHDR', ihdr(1, 1)],
            ['IDAT', idat],
            ['IHDR', ihdr(1, 1)],
            ['IEND', Buffer.alloc(0)],
          ]),
        ),
      ),
    ).toMatch(/second IHDR/)
    const long = Buffer.from(png)
    long.writeUInt32BE(0x7fffffff, 33) // IDAT length far beyond the end
    expect(reason(inspectPng(long))).toMatch(/runs past the end/)
  })

  it('refuses pixel bombs and empty images', () => {
    const idat = deflateSync(Buffer.alloc(4))
    const huge = pngFromChunks([
      ['IHDR', ihdr(100_000, 100_000)],
      ['IDAT', idat],
      ['IEND', Buffer.alloc(0)],
    ])
    expect(reason(inspectPng(huge))).toMatch(/100000×100000, larger than 8192/)
    const empty = pngFromChunks([
      ['IHDR', ihdr(0, 10)],
      ['IDAT', idat],
      ['IEND', Buffer.alloc(0)],
    ])
    expect(reason(inspectPng(empty))).toMatch(/no pixels/)
    expect(reason(inspectJpeg(testJpeg(20_000, 10)))).toMatch(/larger than 8192/)
  })

  it('refuses fake JPEGs', () => {
    const jpeg = testJpeg()
    expect(reason(inspectJpeg(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x41, 0x42, 0x43])))).toMatch(
      /segment length|truncated/,
    )
    expect(reason(inspectJpeg(Buffer.concat([jpeg.subarray(0, 3), Buffer.from('garbage garbage')])))).toMatch(
      /not a well-formed JPEG/,
    )
    expect(reason(inspectJpeg(jpeg.subarray(0, jpeg.length - 2)))).toMatch(/no EOI/)
    // Without its frame header: SOI, APP0, SOS, data, EOI.
    const noSof = Buffer.concat([jpeg.subarray(0, 20), jpeg.subarray(39)])
    expect(reason(inspectJpeg(noSof))).toMatch(/no frame header/)
    // Bytes after EOI are allowed (camera trailers).
    expect(inspectJpeg(Buffer.concat([jpeg, Buffer.from('trailer')])).ok).toBe(true)
  })
})

describe('snapshot URLs', () => {
  it('accepts http and https', () => {
    expect(checkSnapshotUrl('https://platform.example/snap/1.jpg').ok).toBe(true)
    expect(checkSnapshotUrl('http://10.0.0.8:5000/api/events/1/snapshot.jpg').ok).toBe(true)
  })
  it.each([
    ['javascript:alert(1)', /scheme "javascript:" is not http or https/],
    ['data:image/png;base64,AAAA', /scheme "data:"/],
    ['file:///etc/passwd', /scheme "file:"/],
    ['ftp://x/y.jpg', /scheme "ftp:"/],
    ['/relative/path.jpg', /not an absolute URL/],
    ['https://user:secret@platform.example/1.jpg', /credentials/],
    [`https://platform.example/${'a'.repeat(2000)}`, /longer than 2000/],
  ])('rejects %.40s', (url, why) => {
    expect(reason(checkSnapshotUrl(url))).toMatch(why)
  })
})

describe('checkSnapshot', () => {
  it('returns the bytes with their sha256, mime and dimensions', () => {
    const png = testPng(64, 36)
    const c = checkSnapshot({ mime: 'image/png', base64: png.toString('base64') })
    expect(c.ok).toBe(true)
    if (!c.ok || c.value.kind !== 'image') throw new Error('expected an image')
    expect(c.value.bytes.equals(png)).toBe(true)
    expect(c.value).toMatchObject({ mime: 'image/png', width: 64, height: 36, sha256: sha256Hex(png) })
  })

  it('says which snapshot was wrong and why', () => {
    const png = testPng().toString('base64')
    expect(reason(checkSnapshot({ mime: 'image/jpeg', base64: png }))).toBe(
      'snapshot: declared image/jpeg but the bytes are a PNG',
    )
    expect(reason(checkSnapshot({ mime: 'image/png', base64: 'not base64!' }, 'rectification.snapshot'))).toMatch(
      /^rectification\.snapshot: base64/,
    )
    expect(reason(checkSnapshot({ url: 'javascript:alert(1)' }))).toMatch(/^snapshot: url scheme/)
    expect(checkSnapshot({ url: 'https://platform.example/1.jpg' })).toEqual({
      ok: true,
      value: { kind: 'remote', url: 'https://platform.example/1.jpg' },
    })
  })
})
