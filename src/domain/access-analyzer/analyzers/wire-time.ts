/**
 * Access Analyzer's timestamps on the wire: its model declares them `date-time`, so rest-json
 * carries RFC 3339 strings (`2026-12-07T21:56:01.000Z`), not the epoch seconds of other services.
 */
export const wireTime = (epochMs: number): string => new Date(epochMs).toISOString()
