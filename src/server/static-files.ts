/**
 * Serves the built web app (`web/dist`, made by `vite build`): hashed files under `/assets/`
 * cached for a year, `index.html` for every page under `/portal/` and `/console/` (the app
 * routes itself; `/portal/api/` and `/console/api/` are the APIs', not ours), never cached.
 * Every answer carries a strict Content-Security-Policy: same-origin scripts, styles and
 * connections only, no framing. Paths are decoded once and must stay inside the root.
 */
import { readFile, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'

/** The folder `vite build` writes, relative to this file in `src/server` or `dist/server`. */
export const DEFAULT_WEB_ROOT = resolve(import.meta.dirname, '..', '..', 'web', 'dist')

/** The Content-Security-Policy of every page and file. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
}

/** The app's pages: every path under these serves `index.html`. */
const APP_PREFIXES = ['/portal', '/console'] as const
const API_PREFIXES = ['/portal/api/', '/console/api/'] as const
const ROOT_FILES = ['/favicon.svg', '/robots.txt'] as const

/** What the HTTP handler calls for the web app's paths. */
export interface StaticFiles {
  /** True for a request these routes answer (GET or HEAD of a page or asset). */
  handles(method: string, pathname: string): boolean
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>
}

/**
 * Serves the web app from `root`.
 * @example
 * const web = createStaticFiles()
 * if (web.handles(method, pathname)) return web.handle(req, res)
 */
export function createStaticFiles(root: string = DEFAULT_WEB_ROOT): StaticFiles {
  const base = resolve(root)

  const isApp = (p: string) => APP_PREFIXES.some((a) => p === a || p.startsWith(`${a}/`))
  const isApi = (p: string) => API_PREFIXES.some((a) => p.startsWith(a))

  function handles(method: string, pathname: string): boolean {
    if (method !== 'GET' && method !== 'HEAD') return false
    if (isApi(pathname)) return false
    return (
      pathname === '/' ||
      isApp(pathname) ||
      pathname.startsWith('/assets/') ||
      (ROOT_FILES as readonly string[]).includes(pathname)
    )
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname
    const head = req.method === 'HEAD'
    if (pathname === '/') return redirect(res, '/portal/')
    if (pathname === '/portal' || pathname === '/console') return redirect(res, `${pathname}/`)
    if (isApp(pathname)) return sendFile(req, res, join(base, 'index.html'), 'no-cache', head)
    const file = safeJoin(base, pathname)
    if (file === undefined) return notFound(res)
    const immutable = pathname.startsWith('/assets/')
    return sendFile(
      req,
      res,
      file,
      immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      head,
    )
  }

  return { handles, handle }
}

/** `root` + the decoded `pathname`, or undefined when it would leave `root` or is malformed. */
export function safeJoin(root: string, pathname: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return undefined
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined
  if (decoded.split('/').some((part) => part === '..' || part.startsWith('.'))) return undefined
  const full = resolve(root, `.${decoded}`)
  return full.startsWith(root + sep) ? full : undefined
}

async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  cacheControl: string,
  head: boolean,
): Promise<void> {
  let body: Buffer
  let etag: string
  try {
    const info = await stat(file)
    if (!info.isFile()) return notFound(res)
    etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`
    body = await readFile(file)
  } catch {
    return file.endsWith('index.html') ? notBuilt(res) : notFound(res)
  }
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': cacheControl,
    etag,
  }
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers)
    res.end()
    return
  }
  res.writeHead(200, { ...headers, 'content-length': String(body.length) })
  res.end(head ? undefined : body)
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { ...SECURITY_HEADERS, location, 'content-length': '0' })
  res.end()
}

function plain(res: ServerResponse, status: number, text: string): void {
  const body = Buffer.from(text)
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(body.length),
  })
  res.end(body)
}

const notFound = (res: ServerResponse) => plain(res, 404, 'Not found\n')
const notBuilt = (res: ServerResponse) =>
  plain(res, 503, 'The web app is not built: run `npm run build` (vite build writes web/dist).\n')
