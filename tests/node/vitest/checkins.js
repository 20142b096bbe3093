// A plugin's logic, as the README's vitest example tests it: it lists the check-ins of its
// kiosks in the store's state.
export function trackCheckIns(store, kiosks) {
  const offs = kiosks.map((kiosk) =>
    store.sockets[kiosk].checkedIn.listen((data) => {
      store.updateState("checkins", [...(store.getState().checkins ?? []), `${data.attendee_name} at ${kiosk}`]);
    }),
  );
  return () => offs.forEach((off) => off());
}
