/**
 * Permission set session durations: ISO 8601 durations (`PT8H`, `PT1H30M`, `P0DT12H`), between
 * one and twelve hours, as Identity Center allows.
 */

/** AWS's pattern for the `Duration` shape (as the SSO Admin API model has it). */
export const DURATION_PATTERN: readonly [RegExp, string] = [
  /^(-?)P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)([DW]))?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/,
  '(-?)P(?=\\d|T\\d)(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)([DW]))?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?',
]

/** The default session duration of a permission set. */
export const DEFAULT_SESSION_DURATION = 'PT1H'
/** Shortest and longest session, in seconds. */
export const SESSION_SECONDS = { min: 3600, max: 43_200 } as const

/**
 * The duration in seconds, or undefined when it is not an ISO 8601 duration without years or
 * months (whose length in seconds is not fixed).
 */
export function durationSeconds(iso: string): number | undefined {
  const m = DURATION_PATTERN[0].exec(iso)
  if (m === null || m[1] === '-' || m[2] !== undefined || m[3] !== undefined) return undefined
  const days = m[4] === undefined ? 0 : Number(m[4]) * (m[5] === 'W' ? 7 : 1)
  const seconds =
    days * 86_400 + Number(m[6] ?? 0) * 3600 + Number(m[7] ?? 0) * 60 + Number(m[8] ?? 0)
  return Number.isFinite(seconds) ? seconds : undefined
}

/** True when `iso` is a session duration Identity Center accepts (1 to 12 hours). */
export function validSessionDuration(iso: string): boolean {
  const s = durationSeconds(iso)
  return (
    s !== undefined && Number.isInteger(s) && s >= SESSION_SECONDS.min && s <= SESSION_SECONDS.max
  )
}
