/** A finding's path: each step with its permission, the conditions it needs and why it is allowed. */
import type { FindingStep } from './analysis-types.ts'

const conditionsText = (c: FindingStep['conditions']) =>
  Object.entries(c)
    .map(([k, v]) => `${k} = ${v.join(' | ')}`)
    .join('; ')

export function FindingSteps(props: { steps: readonly FindingStep[]; principal?: string }) {
  return (
    <ol className="finding-steps" data-testid="finding-steps">
      {props.steps.map((s, i) => {
        const needs = conditionsText(s.conditions)
        return (
          <li key={i} data-testid="finding-step" data-action={s.action}>
            <span className="mono">{s.from ?? props.principal ?? ''}</span>
            {s.from !== undefined || props.principal !== undefined ? ' → ' : ''}
            <strong className="mono">{s.action}</strong> on <span className="mono">{s.to}</span>
            {needs !== '' && (
              <span className="needs" data-testid="step-conditions">
                {' '}
                only with {needs}
              </span>
            )}
            <div className="muted small">{s.explanation}</div>
          </li>
        )
      })}
    </ol>
  )
}
