// Builds the package's entries besides the browser one (pkg/index.js, built by build.sh):
// - pkg/node.js: the same core for Node (the "node" export condition), the wasm read from disk;
// - pkg/vue.js, pkg/react.js: the framework bindings, importing "plugwire" (so that they share
//   the page's one core) and the framework as peers;
// - pkg/plugwire.min.js: the classic <script> build (globals `io` and `plugwire`).
import { build } from "esbuild";
import { join } from "node:path";

const root = new URL("../pkg/", import.meta.url).pathname;
const common = {
  bundle: true,
  minify: true,
  target: "es2022",
  legalComments: "none",
  logLevel: "warning",
  mangleProps: /^__[a-zA-Z]+$/,
};
/** Node: wasm.js is replaced by wasm-node.js (a plain `node:fs` read, any Node 20), and
 * `WebSocket` is Node's own or, before Node 22, one that fails (long-polling only). */
const nodeWasm = {
  name: "node-wasm",
  setup(b) {
    b.onResolve({ filter: /^\.\/wasm\.js$/ }, (a) =>
      a.importer.endsWith("wasm-node.js") ? undefined : { path: join(a.resolveDir, "wasm-node.js") },
    );
  },
};
await Promise.all([
  build({ ...common, entryPoints: [join(root, "src/index.js")], outfile: join(root, "node.js"), format: "esm", platform: "node", external: ["./devtools.js"], plugins: [nodeWasm], inject: [join(root, "src/websocket-node.js")] }),
  build({ ...common, entryPoints: [join(root, "src/vue.js")], outfile: join(root, "vue.js"), format: "esm", external: ["vue", "plugwire"] }),
  build({ ...common, entryPoints: [join(root, "src/react.js")], outfile: join(root, "react.js"), format: "esm", external: ["react", "plugwire"] }),
  build({ ...common, entryPoints: [join(root, "src/script.js")], outfile: join(root, "plugwire.min.js"), format: "iife" }),
]);
for (const f of ["node.js", "vue.js", "react.js", "plugwire.min.js"]) console.log(`build: pkg/${f}`);
