// Scenarios more than one cluster runs (each with both clients, see cluster.mjs `both`).
import assert from "node:assert/strict";

/**
 * A room across the cluster: `a` through nginx, `b` and `c` straight to the two other workers;
 * each sends to the room in turn, then `b`'s worker broadcasts to it (run in the page).
 */
export const broadcast = async ({ io, url, direct }) => {
  const a = io(url, { forceNew: true });
  await step("a connects through nginx", T.next(a, "connect", 8000));
  const onA = await ask(a, "whoami");
  const [onB, onC] = Object.keys(direct).filter((n) => n !== onA);
  const b = io(direct[onB], { forceNew: true });
  const c = io(direct[onC], { forceNew: true, transports: ["websocket"] });
  await step("b and c connect to their workers", Promise.all([T.next(b, "connect", 8000), T.next(c, "connect", 8000)]));
  const sockets = { a, b, c };
  const workers = [onA, await ask(b, "whoami"), await ask(c, "whoami")];
  const room = "room-" + Math.random().toString(36).slice(2);
  const got = { a: [], b: [], c: [] };
  for (const [k, s] of Object.entries(sockets)) {
    s.on("news", (d) => got[k].push(d));
    await ask(s, "join", room);
  }
  const size = await ask(a, "room-size", room); // fetchSockets across the cluster
  const count = () => got.a.length + got.b.length + got.c.length;
  // One sender at a time, so the order each client sees is defined.
  for (const k of ["a", "b", "c"]) {
    const before = count();
    sockets[k].emit("to-room", room, "news", { from: k });
    await step(`the two others get ${k}'s message`, T.until(() => count() === before + 2));
  }
  const via = await ask(b, "announce", room, "news", { from: "b-all" });
  await step("all three get the worker's broadcast", T.until(() => count() === 9));
  for (const s of Object.values(sockets)) s.disconnect();
  return { distinct: new Set(workers).size, size, got, announcedBy: via === workers[1] };
};

/** What `broadcast` must give with socket.io-client, and plugwire the same. */
export function assertBroadcast(r) {
  const ref = r.reference;
  assert.equal(ref.distinct, 3);
  assert.equal(ref.size, 3);
  assert.equal(ref.announcedBy, true);
  const via = ref.got.a.at(-1).via;
  assert.deepEqual(ref.got, {
    a: [{ from: "b" }, { from: "c" }, { from: "b-all", via }],
    b: [{ from: "a" }, { from: "c" }, { from: "b-all", via }],
    c: [{ from: "a" }, { from: "b" }, { from: "b-all", via }],
  });
  assert.deepEqual(r.plugwire, ref);
}
