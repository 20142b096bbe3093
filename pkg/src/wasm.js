// Where the core's wasm comes from in a browser (and a bundler's output): fetched next to the
// entry. Node and test runners (vitest with happy-dom or jsdom) get the package's "node" export
// instead (pkg/node.js), built with wasm-node.js, so no Node code reaches a browser bundle.
export async function compileWasm(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot load ${url}: HTTP ${res.status}`);
  return WebAssembly.compile(await res.arrayBuffer());
}
