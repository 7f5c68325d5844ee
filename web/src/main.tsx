/** Entry point: the console under /console/, the access portal everywhere else. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { ConsoleApp } from './console/console-app.tsx'
import { PortalApp } from './portal/portal-app.tsx'
import './styles.css'

const root = document.getElementById('root')
if (root !== null) {
  const isConsole = window.location.pathname.startsWith('/console')
  document.title = isConsole ? 'xaccess console' : 'xaccess access portal'
  createRoot(root).render(<StrictMode>{isConsole ? <ConsoleApp /> : <PortalApp />}</StrictMode>)
}
