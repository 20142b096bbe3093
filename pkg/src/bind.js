// What the Vue and React bindings share: listening on a store socket by name, whatever the
// manifest's state, and telling a store from store options.

/** Whether `x` is a store (rather than options to create one). */
export const isStore = (x) => !!x && typeof x.listenSocket === "function";

/**
 * Listens for `events` (one name or several) on a store socket: `"primary"` (the event on any
 * channel) or a manifest dependency (on its channel; an event type of its manifest entry, such
 * as `"completed"`, or an event name). A dependency's listeners follow the manifest: a manifest
 * (re)loaded with `loadManifest` drops them, and they listen again on the new one (its channel
 * and event names may have changed; a dependency it no longer declares is not listened to until
 * one declares it again). A dependency the manifest does not declare yet — a manifest still
 * loading from its URL — is listened to once it has loaded. Returns the function that removes
 * every listener (idempotent).
 */
export function listenAll(store, socket, events, cb) {
  const primary = socket === "primary";
  let offs = [];
  let stopped = false;
  const stop = () => {
    for (const off of offs.splice(0)) off();
  };
  const start = () => {
    stop();
    if (stopped) return;
    offs = [].concat(events).map((event) =>
      primary ? store.listenSocket("primary", event, cb) : store.useSocketListener(socket, event, cb),
    );
  };
  const unwatch = primary ? undefined : store.onManifestChange(start);
  if (primary || store.dependencies.some((d) => d.identifier === socket)) start();
  // Not declared (yet): the manifest's load starts it; when there is none, or it failed to load,
  // `useSocketListener` says the dependency is unknown.
  else store.ready.then(() => offs.length || start(), start);
  return () => {
    stopped = true;
    unwatch?.();
    stop();
  };
}
