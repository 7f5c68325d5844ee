/**
 * `<data-dir>/identity-center-passwords.json` (mode 0600): the initial passwords the server gave
 * Identity Center users of an organization file (`initialPassword: generate`), so that a person
 * can sign in to the access portal after `npm start`. A password is generated and written here
 * before the user is created, and is never printed nor logged: the server prints where it is.
 * Users whose password comes from an environment variable are not written.
 */
import { randomInt } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { InitialPasswords } from '../domain/org-file/index.ts'

/** The file's name in the data dir. */
export const INITIAL_PASSWORD_FILE = 'identity-center-passwords.json'

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
const LOWER = 'abcdefghijkmnopqrstuvwxyz'
const DIGITS = '23456789'
const SYMBOLS = '-_.!#%+=@'

/**
 * A random password that Identity Center's rules accept (upper and lower case letters, a digit, a
 * symbol), 20 characters from a cryptographic source.
 */
export function generatePassword(length = 20): string {
  const all = UPPER + LOWER + DIGITS + SYMBOLS
  const pick = (set: string) => set[randomInt(set.length)] as string
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)]
  while (chars.length < length) chars.push(pick(all))
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    ;[chars[i], chars[j]] = [chars[j] as string, chars[i] as string]
  }
  return chars.join('')
}

/** The file's content: user name → password. */
export interface InitialPasswordFile {
  readonly portalUrl: string
  readonly passwords: Readonly<Record<string, string>>
}

/** Reads the file; undefined when absent. */
export function readInitialPasswordFile(dataDir: string): InitialPasswordFile | undefined {
  const file = join(dataDir, INITIAL_PASSWORD_FILE)
  if (!existsSync(file)) return undefined
  return JSON.parse(readFileSync(file, 'utf8')) as InitialPasswordFile
}

/**
 * The port an organization file's apply asks for initial passwords: generated ones are added to
 * the file (atomically, mode 0600) before the user is created; `env` ones are read from `env`.
 */
export function initialPasswordsInDataDir(
  dataDir: string,
  portalUrl: string,
  env: NodeJS.ProcessEnv = process.env,
): InitialPasswords & { readonly file: string } {
  const file = join(dataDir, INITIAL_PASSWORD_FILE)
  return {
    file,
    passwordFor(user, source) {
      if (source.kind === 'env') {
        const value = env[source.variable]
        if (value === undefined || value === '')
          throw new Error(
            `the initial password of Identity Center user ${user.userName} comes from $${source.variable}, which is not set`,
          )
        return value
      }
      const password = generatePassword()
      const current = readInitialPasswordFile(dataDir)
      const next: InitialPasswordFile = {
        portalUrl,
        passwords: { ...current?.passwords, [user.userName]: password },
      }
      mkdirSync(dataDir, { recursive: true })
      const tmp = `${file}.${process.pid}.tmp`
      writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 })
      chmodSync(tmp, 0o600)
      renameSync(tmp, file)
      return password
    },
  }
}
