// The outbox's events from the Rust side (upload progress, entries that changed state), for
// whichever view shows packages; and telling the background sender that the network is back.

import { call, t, toast } from './core.js';

const listeners = new Set();

/** Subscribes once per page load; the sender runs whether or not anyone listens. */
export function startOutboxEvents() {
  const channel = new window.__TAURI__.core.Channel();
  channel.onmessage = (event) => {
    // Reviews the background thread fetched: said once here, whichever page is open.
    if (event.kind === 'reviews') toast(t('review.arrived', { count: event.count }));
    for (const listener of [...listeners]) listener(event);
  };
  call('watch_outbox', { events: channel }).catch(() => {});
  // An office network that drops and returns: what waits goes now, not after its back-off.
  window.addEventListener('online', () => { call('outbox_online').catch(() => {}); });
}

/** Calls `listener(event)` for each event until it returns false or `stop()` is called. */
export function onOutboxEvent(listener) {
  const wrapped = (event) => { if (listener(event) === false) listeners.delete(wrapped); };
  listeners.add(wrapped);
  return () => listeners.delete(wrapped);
}

/** Tells this page's listeners of a change made here (e.g. a review file taken in). */
export function announce(event) {
  for (const listener of [...listeners]) listener(event);
}
