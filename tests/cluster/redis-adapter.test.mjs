// The same cross-worker broadcast on the other Redis adapter: @socket.io/redis-adapter (Redis
// pub/sub, no connection state recovery), three workers, the sticky nginx upstream.
import { test, before, after } from "node:test";
import { startCluster, both, openClusterBrowser } from "./cluster.mjs";
import { broadcast, assertBroadcast } from "./scenarios.mjs";

let cluster;
let browser;
let context;

before(async () => {
  [cluster, { browser, context }] = await Promise.all([startCluster({ adapter: "pubsub", balance: "sticky" }), openClusterBrowser()]);
});
after(async () => {
  await browser?.close();
  await cluster?.close();
});

test("@socket.io/redis-adapter: a room broadcast from one worker reaches the clients on the others", { timeout: 40_000 }, async () => {
  assertBroadcast(await both(context, cluster, broadcast));
});
