/**
 * Event history, as AWS's CloudTrail console shows it: the account's events of the last 90 days,
 * newest first, read with LookupEvents as the current identity (AWS's refusal shown when it may
 * not). Filters by a lookup attribute, a time range and errors only; each row opens to its full
 * record; "Load more" pages on; new events appear without a reload (the page asks every few
 * seconds for events since the newest it knows). The page's own lookups are recorded like every
 * call: they are left out of the list unless asked for, or the list would feed itself.
 */
import { Fragment, useEffect, useRef, useState } from 'react'
import { api, ApiError, messageOf } from '../api.ts'
import type { IdentityView } from './console-types.ts'
import { EventFiltersForm } from './event-filters.tsx'
import {
  eventsQuery,
  NO_FILTERS,
  type EventHistoryAnswer,
  type HistoryEvent,
} from './event-types.ts'

/** How often the page asks for new events. */
export const POLL_MS = 4000

const EVENTS = '/console/api/events'

const timeOf = (ms: number) => new Date(ms).toLocaleString(undefined, { timeZoneName: 'short' })

export function EventHistory(props: { identity: IdentityView }) {
  const { arn } = props.identity
  const [filters, setFilters] = useState(NO_FILTERS)
  const [events, setEvents] = useState<readonly HistoryEvent[] | undefined>()
  const [nextToken, setNextToken] = useState<string | undefined>()
  const [error, setError] = useState<{ code: string; message: string } | undefined>()
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set())
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set())
  const [showOwn, setShowOwn] = useState(false)
  const [loadingMore, setLoadingMore] = useState(false)
  const [updatedAt, setUpdatedAt] = useState<number | undefined>()
  /** What the poller knows: every event id seen, the newest time, the page's own request ids. */
  const known = useRef({ ids: new Set<string>(), newest: 0, own: new Set<string>(), epoch: 0 })

  const fail = (e: unknown) =>
    setError({ code: e instanceof ApiError ? e.code : 'Error', message: messageOf(e) })

  const remember = (answer: EventHistoryAnswer) => {
    const k = known.current
    k.own.add(answer.requestId)
    for (const e of answer.events) {
      k.ids.add(e.eventId)
      k.newest = Math.max(k.newest, e.eventTime)
    }
  }

  // The first page, again whenever the filters or the identity change.
  useEffect(() => {
    const epoch = known.current.epoch + 1
    known.current = { ids: new Set(), newest: 0, own: known.current.own, epoch }
    setEvents(undefined)
    setNextToken(undefined)
    setError(undefined)
    setOpen(new Set())
    setFresh(new Set())
    api<EventHistoryAnswer>('GET', `${EVENTS}${eventsQuery(filters)}`).then((answer) => {
      if (known.current.epoch !== epoch) return
      remember(answer)
      // No event yet: from a minute ago (the server's clock may differ a little from ours).
      if (known.current.newest === 0) known.current.newest = Date.now() - 60_000
      setEvents(answer.events)
      setNextToken(answer.nextToken)
      setUpdatedAt(Date.now())
    }, fail)
  }, [arn, filters])

  // New events without a reload: ask for everything since the newest event known.
  const live = events !== undefined && error === undefined && filters.end === ''
  useEffect(() => {
    if (!live) return undefined
    const epoch = known.current.epoch
    let busy = false
    const timer = setInterval(() => {
      if (busy || document.visibilityState === 'hidden') return
      busy = true
      const since = known.current.newest
      api<EventHistoryAnswer>('GET', `${EVENTS}${eventsQuery(filters, { since })}`)
        .then((answer) => {
          if (known.current.epoch !== epoch) return
          const added = answer.events.filter((e) => !known.current.ids.has(e.eventId))
          remember(answer)
          setUpdatedAt(Date.now())
          if (added.length === 0) return
          setEvents((before) => [...added, ...(before ?? [])])
          setFresh(new Set(added.map((e) => e.eventId)))
        })
        .catch(() => undefined)
        .finally(() => (busy = false))
    }, POLL_MS)
    return () => clearInterval(timer)
  }, [live, filters])

  const loadMore = () => {
    if (nextToken === undefined) return
    setLoadingMore(true)
    const epoch = known.current.epoch
    api<EventHistoryAnswer>('GET', `${EVENTS}${eventsQuery(filters, { nextToken })}`)
      .then((answer) => {
        if (known.current.epoch !== epoch) return
        const added = answer.events.filter((e) => !known.current.ids.has(e.eventId))
        remember(answer)
        setEvents((before) => [...(before ?? []), ...added])
        setNextToken(answer.nextToken)
      }, fail)
      .finally(() => setLoadingMore(false))
  }

  const own = known.current.own
  const isOwn = (e: HistoryEvent) => e.eventName === 'LookupEvents' && own.has(e.requestId)
  const shown = (events ?? []).filter((e) => showOwn || !isOwn(e))
  const hidden = (events ?? []).length - shown.length
  const toggle = (id: string) => {
    const next = new Set(open)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    setOpen(next)
  }

  return (
    <section aria-labelledby="event-history-title" className="card" data-testid="event-history">
      <div className="toolbar">
        <h2 id="event-history-title">Event history</h2>
        <p className="muted live" data-testid="live-status" aria-live="off">
          {live ? (
            <>
              <span className="live-dot" aria-hidden="true" /> Live
            </>
          ) : (
            'Not updating'
          )}
          {updatedAt !== undefined && ` · updated ${new Date(updatedAt).toLocaleTimeString()}`}
        </p>
      </div>
      <p className="muted">
        The account&apos;s management events of the last 90 days, as{' '}
        <span className="mono">{arn}</span> may read them (CloudTrail LookupEvents).
      </p>
      <EventFiltersForm filters={filters} onApply={setFilters} />
      {error !== undefined && (
        <div className="error" role="alert" data-testid="events-error">
          <strong>{error.code}</strong>
          <p className="break">{error.message}</p>
        </div>
      )}
      {events === undefined && error === undefined && <p aria-live="polite">Loading events…</p>}
      {events !== undefined && shown.length === 0 && (
        <p className="empty" data-testid="events-empty">
          No events match.
        </p>
      )}
      {shown.length > 0 && (
        <table className="table events" data-testid="events">
          <caption className="visually-hidden">Events, newest first</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Details</span>
              </th>
              <th scope="col">Event name</th>
              <th scope="col">Event time</th>
              <th scope="col">User name</th>
              <th scope="col">Event source</th>
              <th scope="col">Resource type</th>
              <th scope="col">Resource name</th>
              <th scope="col">Error code</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => {
              const expanded = open.has(e.eventId)
              const resource = e.resources[0]
              return (
                <Fragment key={e.eventId}>
                  <tr
                    className={`event-row${fresh.has(e.eventId) ? ' fresh' : ''}${
                      e.errorCode === undefined ? '' : ' failed'
                    }`}
                    data-testid="event-row"
                    data-event-name={e.eventName}
                    data-event-id={e.eventId}
                  >
                    <td>
                      <button
                        type="button"
                        className="expand"
                        aria-expanded={expanded}
                        aria-controls={`record-${e.eventId}`}
                        aria-label={`${expanded ? 'Hide' : 'Show'} the record of ${e.eventName}`}
                        onClick={() => toggle(e.eventId)}
                      >
                        {expanded ? '▾' : '▸'}
                      </button>
                    </td>
                    <td>
                      <button type="button" className="link" onClick={() => toggle(e.eventId)}>
                        {e.eventName}
                      </button>
                    </td>
                    <td className="nowrap">{timeOf(e.eventTime)}</td>
                    <td className="break">{e.username ?? ''}</td>
                    <td>{e.eventSource}</td>
                    <td>{resource?.type ?? ''}</td>
                    <td className="break" title={resource?.name}>
                      {resource?.name ?? ''}
                      {e.resources.length > 1 && (
                        <span className="muted"> +{e.resources.length - 1}</span>
                      )}
                    </td>
                    <td className={e.errorCode === undefined ? '' : 'error-code'}>
                      {e.errorCode ?? ''}
                    </td>
                  </tr>
                  {expanded && (
                    <tr className="event-detail" id={`record-${e.eventId}`}>
                      <td colSpan={8}>
                        <pre className="record" data-testid="event-record">
                          {JSON.stringify(e.record, null, 2)}
                        </pre>
                      </td>
                    </tr>
                  )}
                </Fragment>
              )
            })}
          </tbody>
        </table>
      )}
      <div className="buttons events-footer">
        {nextToken !== undefined && (
          <button type="button" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        )}
        {(hidden > 0 || showOwn) && (
          <label className="checkbox muted">
            <input
              type="checkbox"
              checked={showOwn}
              onChange={(e) => setShowOwn(e.target.checked)}
            />
            Show this page&apos;s own lookups{hidden > 0 ? ` (${hidden} hidden)` : ''}
          </label>
        )}
      </div>
    </section>
  )
}
