// Public face of the console's HTTP side: the routes over the server's parts.
export { createServerConsole, type ServerConsoleDeps } from './server-console.ts'
export {
  CONSOLE_API_PREFIX,
  createConsoleRoutes,
  type ConsoleRoutes,
  type ConsoleRoutesDeps,
} from './console-routes.ts'
export { CONSOLE_COOKIE } from './console-cookie.ts'
export { dispatcherRunner } from './dispatcher-runner.ts'
