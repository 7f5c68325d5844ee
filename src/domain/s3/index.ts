// S3: bucket and key rules, errors, Block Public Access, public policies, authorization, ports.
export * from './errors.ts'
export * from './bucket-name.ts'
export * from './public-access-block.ts'
export * from './public-policy.ts'
export * from './s3-store.ts'
export * from './s3-access.ts'
