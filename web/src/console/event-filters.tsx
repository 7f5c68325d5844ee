/**
 * The Event history's filters, as AWS's CloudTrail console has them: one lookup attribute and
 * its value, a time range, and (beyond AWS's) errors only. Applied on submit.
 */
import { useState } from 'react'
import { LOOKUP_ATTRIBUTES, NO_FILTERS, type EventFilters } from './event-types.ts'

export function EventFiltersForm(props: {
  filters: EventFilters
  onApply: (filters: EventFilters) => void
}) {
  const [draft, setDraft] = useState<EventFilters>(props.filters)
  const set = (change: Partial<EventFilters>) => setDraft({ ...draft, ...change })
  const attribute = LOOKUP_ATTRIBUTES.find((a) => a.key === draft.attribute)
  return (
    <form
      className="event-filters"
      aria-label="Filter events"
      onSubmit={(e) => {
        e.preventDefault()
        props.onApply(draft)
      }}
    >
      <label>
        Lookup attribute
        <select
          value={draft.attribute}
          onChange={(e) =>
            set({
              attribute: e.target.value as EventFilters['attribute'],
              value: e.target.value === 'ReadOnly' ? 'true' : draft.value,
            })
          }
          data-testid="filter-attribute"
        >
          <option value="">All events</option>
          {LOOKUP_ATTRIBUTES.map((a) => (
            <option key={a.key} value={a.key}>
              {a.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Value
        {draft.attribute === 'ReadOnly' ? (
          <select
            value={draft.value}
            onChange={(e) => set({ value: e.target.value })}
            data-testid="filter-value"
          >
            <option value="true">true</option>
            <option value="false">false</option>
          </select>
        ) : (
          <input
            value={draft.value}
            disabled={draft.attribute === ''}
            placeholder={attribute?.example ?? 'choose an attribute'}
            onChange={(e) => set({ value: e.target.value })}
            required={draft.attribute !== ''}
            data-testid="filter-value"
          />
        )}
      </label>
      <label>
        From
        <input
          type="datetime-local"
          step="1"
          value={draft.start}
          onChange={(e) => set({ start: e.target.value })}
          data-testid="filter-start"
        />
      </label>
      <label>
        To
        <input
          type="datetime-local"
          step="1"
          value={draft.end}
          onChange={(e) => set({ end: e.target.value })}
          data-testid="filter-end"
        />
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.errorsOnly}
          onChange={(e) => set({ errorsOnly: e.target.checked })}
          data-testid="filter-errors"
        />
        Errors only
      </label>
      <div className="buttons">
        <button type="submit" className="primary">
          Apply
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(NO_FILTERS)
            props.onApply(NO_FILTERS)
          }}
        >
          Clear
        </button>
      </div>
    </form>
  )
}
