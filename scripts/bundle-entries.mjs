// Builds the package's entries besides the browser one (pkg/index.js, built by build.sh):
// - pkg/node.cjs: the same core for Node (the "node" export condition; `require`), the wasm read
//   from disk synchronously; pkg/node.js (`import` in Node) re-exports it;
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
/** Node: wasm.js (fetch and top-level await) is replaced by wasm-node.js (a synchronous read
 * and compile, so that the bundle can be CommonJS). */
const nodeWasm = {
  name: "node-wasm",
  setup(b) {
    b.onResolve({ filter: /^\.\/wasm\.js$/ }, (a) => ({ path: join(a.resolveDir, "wasm-node.js") }));
  },
};
/** Node: host-node.js provides `WebSocket` (Node's own, or one that fails: long-polling) and
 * `NODE_HOST` (the `autoUnref` transports) in place of the browser's globals. The wasm-bindgen
 * glue's default loader (`import.meta.url`, never called: wasm-node.js passes the module) is
 * the only `import.meta` left. */
const node = {
  ...common,
  platform: "node",
  external: ["./devtools.js"],
  plugins: [nodeWasm],
  inject: [join(root, "src/host-node.js")],
  logOverride: { "empty-import-meta": "silent" },
};
await Promise.all([
  build({ ...node, entryPoints: [join(root, "src/index.js")], outfile: join(root, "node.cjs"), format: "cjs" }),
  build({ ...common, bundle: false, entryPoints: [join(root, "src/node.js")], outfile: join(root, "node.js"), format: "esm" }),
  build({ ...common, entryPoints: [join(root, "src/vue.js")], outfile: join(root, "vue.js"), format: "esm", external: ["vue", "plugwire"] }),
  build({ ...common, entryPoints: [join(root, "src/react.js")], outfile: join(root, "react.js"), format: "esm", external: ["react", "plugwire"] }),
  build({ ...common, entryPoints: [join(root, "src/script.js")], outfile: join(root, "plugwire.min.js"), format: "iife" }),
  // plugwire/parser (custom parsers) and plugwire/msgpack (with socket.io-msgpack-parser, a peer),
  // as ES modules and CommonJS; they never enter the core's bundle.
  ...["esm", "cjs"].flatMap((format) => {
    const ext = format === "esm" ? "js" : "cjs";
    return [
      build({ ...common, entryPoints: [join(root, "src/parser.js")], outfile: join(root, `parser.${ext}`), format }),
      build({
        ...common, entryPoints: [join(root, "src/msgpack.js")], outfile: join(root, `msgpack.${ext}`), format,
        external: ["socket.io-msgpack-parser", ...(format === "esm" ? ["./parser.js"] : [])],
      }),
    ];
  }),
]);
for (const f of ["node.cjs", "node.js", "vue.js", "react.js", "plugwire.min.js", "parser.js", "parser.cjs", "msgpack.js", "msgpack.cjs"]) console.log(`build: pkg/${f}`);
