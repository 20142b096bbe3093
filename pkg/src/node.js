// The package's `import` entry in Node (pkg/node.js): the CommonJS build next to it
// (pkg/node.cjs, the `require` entry), so that a process that both imports and requires
// "plugwire" has one core, one set of managers and one devtools list.
import { createRequire } from "node:module";

const plugwire = createRequire(import.meta.url)("./node.cjs");

export const { ready, version, io, connect, Manager, Socket, protocol, createStore } = plugwire;
export default plugwire.default;
