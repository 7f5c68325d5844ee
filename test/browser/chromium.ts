/**
 * Debian's Chromium driven by playwright-core (no browser download: the network is closed):
 * headless, sandbox off (tests run as root), no background networking, a fresh profile per
 * launch. Screenshots go to test-artifacts/browser/ (git-ignored).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'

/** Where Debian installs Chromium. */
export const CHROMIUM_PATH = process.env.XACCESS_CHROMIUM ?? '/usr/bin/chromium'

/** Where screenshots are saved. */
export const ARTIFACTS_DIR = resolve(import.meta.dirname, '..', '..', 'test-artifacts', 'browser')

/** Why the browser tests cannot run here, or undefined; never a skip on CI (it fails there). */
export function chromiumSkipReason(): string | undefined {
  if (process.env.CI === 'true') return undefined
  if (!existsSync(CHROMIUM_PATH))
    return `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`
  return undefined
}

/** A launched browser with one context (clipboard allowed for `origin`), and a page. */
export interface BrowserSession {
  readonly context: BrowserContext
  readonly page: Page
  /** Saves a full-page screenshot as `test-artifacts/browser/NAME.png`. */
  screenshot(name: string, page?: Page): Promise<string>
  close(): Promise<void>
}

/** Launches Chromium for `origin`. */
export async function launchChromium(origin: string): Promise<BrowserSession> {
  const { chromium } = await import('playwright-core')
  const profile = mkdtempSync(join(tmpdir(), 'xaccess-chromium-'))
  // A fresh profile: Playwright passes it as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin })
  const page = context.pages()[0] ?? (await context.newPage())
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  return {
    context,
    page,
    async screenshot(name, on = page) {
      const path = join(ARTIFACTS_DIR, `${name}.png`)
      await on.screenshot({ path, fullPage: true })
      return path
    },
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
