// What the Vue and React bindings share: listening on a store socket by name, whatever the
// manifest's state, and telling a store from store options.

/** Whether `x` is a store (rather than options to create one). */
export const isStore = (x) => !!x && typeof x.listenSocket === "function";

/**
 * Listens for `events` (one name or several) on a store socket: `"primary"` (the event on any
 * channel) or a manifest dependency (on its channel; an event type of its manifest entry, such
 * as `"completed"`, or an event name). A dependency the manifest does not declare yet — a
 * manifest still loading from its URL — is listened to once `store.ready` settles. Returns the
 * function that removes every listener (idempotent).
 */
export function listenAll(store, socket, events, cb) {
  let offs = [];
  let stopped = false;
  const start = () => {
    if (stopped) return;
    offs = [].concat(events).map((event) =>
      socket === "primary" ? store.listenSocket("primary", event, cb) : store.useSocketListener(socket, event, cb),
    );
  };
  if (socket === "primary" || store.dependencies.some((d) => d.identifier === socket)) start();
  else store.ready.then(start, start);
  return () => {
    stopped = true;
    for (const off of offs.splice(0)) off();
  };
}
