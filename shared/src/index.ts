export * from './errors'
export * from './routes'
export type * from './schemas'
export * from './types'
