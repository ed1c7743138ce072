export * from './error-codes'
export * from './routes'
export type * from './schemas'
export * from './types'
