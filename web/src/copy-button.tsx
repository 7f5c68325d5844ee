/** A button that copies text, saying so for a moment (and to screen readers). */
import { useState } from 'react'

/** Copies `text` to the clipboard; falls back to a hidden textarea where the API is absent. */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard !== undefined && window.isSecureContext) {
    await navigator.clipboard.writeText(text)
    return
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.className = 'offscreen'
  document.body.append(area)
  area.select()
  document.execCommand('copy')
  area.remove()
}

/** "Copy" → "Copied". */
export function CopyButton(props: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const onClick = () => {
    copyText(props.text).then(
      () => setState('copied'),
      () => setState('failed'),
    )
    window.setTimeout(() => setState('idle'), 2000)
  }
  return (
    <button type="button" className="copy" onClick={onClick} aria-label={props.label}>
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
      </span>
    </button>
  )
}

/** A block of text with its copy button. */
export function CopyBlock(props: { title: string; text: string; testId: string }) {
  return (
    <section className="copy-block">
      <div className="copy-block-head">
        <h4>{props.title}</h4>
        <CopyButton text={props.text} label={`Copy ${props.title}`} />
      </div>
      <pre data-testid={props.testId} tabIndex={0}>
        {props.text}
      </pre>
    </section>
  )
}
