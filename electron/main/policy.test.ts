import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, externalLink, isAllowedNavigation, isAllowedRequest } from './policy'

const engine = 'http://127.0.0.1:7345'

describe('isAllowedRequest', () => {
  it('allows the engine over HTTP and WebSocket and local schemes', () => {
    expect(isAllowedRequest(`${engine}/assets/index.js`, engine)).toBe(true)
    expect(isAllowedRequest('ws://127.0.0.1:7345/api/ws', engine)).toBe(true)
    expect(isAllowedRequest('data:image/png;base64,AAAA', engine)).toBe(true)
  })

  it('blocks other ports, hosts, schemes and everything while the engine is down', () => {
    expect(isAllowedRequest('http://127.0.0.1:8080/', engine)).toBe(false)
    expect(isAllowedRequest('https://127.0.0.1:7345/', engine)).toBe(false)
    expect(isAllowedRequest('http://localhost:7345/', engine)).toBe(false)
    expect(isAllowedRequest('https://example.com/x.js', engine)).toBe(false)
    expect(isAllowedRequest('file:///etc/passwd', engine)).toBe(false)
    expect(isAllowedRequest(`${engine}/`, null)).toBe(false)
  })
})

describe('isAllowedNavigation', () => {
  it('stays on the engine page', () => {
    expect(isAllowedNavigation(`${engine}/#/wall`, engine)).toBe(true)
    expect(isAllowedNavigation('https://example.com/', engine)).toBe(false)
    expect(isAllowedNavigation('ws://127.0.0.1:7345/', engine)).toBe(false)
    expect(isAllowedNavigation('javascript:alert(1)', engine)).toBe(false)
  })
})

describe('contentSecurityPolicy', () => {
  it('allows scripts from the engine only and the engine socket', () => {
    const csp = contentSecurityPolicy(engine)
    expect(csp).toContain("script-src 'self';")
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:7345;")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe/)
  })
})

describe('externalLink', () => {
  const engine = 'http://127.0.0.1:4000'
  it('hands http(s) links with a host to the system browser', () => {
    expect(externalLink('https://platform.example/att/1.jpg', engine)).toBe('https://platform.example/att/1.jpg')
    expect(externalLink('HTTP://Example.com/a b', engine)).toBe('http://example.com/a%20b')
  })
  it('never other schemes, credentials in the URL, or the engine itself', () => {
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,x',
      'smb://share/x',
      'https://user:pw@platform.example/x',
      'http://127.0.0.1:4000/api/events',
      'not a url',
    ])
      expect(externalLink(url, engine)).toBeNull()
  })
})
