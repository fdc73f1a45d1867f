export * from './api'
export * from './errors'
export * from './payloads'
export * from './wire'
