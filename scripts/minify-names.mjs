// Optimises the wasm with wasm-opt (the flags given) and shortens its import and export names
// (wasm-bindgen names imports after the function plus a 16-digit hash, which no compressor can
// shrink), then patches the wasm-bindgen glue to match.
// Usage: node scripts/minify-names.mjs <wasm> <glue.js> [wasm-opt flags...]
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const [wasm, glue, ...flags] = process.argv.slice(2);
const out = execFileSync(
  "node_modules/.bin/wasm-opt",
  [wasm, ...flags, "--minify-imports-and-exports-and-modules", "--strip-target-features", "-o", wasm],
  { encoding: "utf8" },
);
// wasm-opt prints the mapping as JSON, {imports: [[module, name, new]], exports: [[name, new]]},
// once per run of the pass (`--converge` may run it again on the new names): chain them.
const maps = [];
for (let depth = 0, start = -1, i = 0; i < out.length; i++) {
  if (out[i] === "{" && depth++ === 0) start = i;
  else if (out[i] === "}" && --depth === 0) maps.push(JSON.parse(out.slice(start, i + 1)));
}
const map = maps.reduce((a, b) => {
  const imp = new Map(b.imports.map(([, name, to]) => [name, to]));
  const exp = new Map(b.exports);
  return {
    imports: a.imports.map(([m, name, to]) => [m, name, imp.get(to) ?? to]),
    exports: a.exports.map(([name, to]) => [name, exp.get(to) ?? to]),
  };
});
let js = readFileSync(glue, "utf8");
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function replace(pattern, to, what) {
  const before = js;
  js = js.replace(pattern, to);
  if (js === before) throw new Error(`minify-names: ${what} not found in ${glue}`);
}
const modules = new Map(map.imports.map(([module, , to]) => [module, to]));
const imports = map.imports.map(([module, name, to]) => [name, to, module]);
// wasm-opt minifies module names to "a", "b", … in order of appearance.
let i = 0;
for (const module of new Set(map.imports.map(([m]) => m))) modules.set(module, String.fromCharCode(97 + i++));
for (const [module, to] of modules) replace(new RegExp(`"${esc(module)}":`, "g"), `"${to}":`, `module ${module}`);
for (const [name, to] of imports) replace(new RegExp(`\\b${esc(name)}:`, "g"), `${to}:`, `import ${name}`);
for (const [name, to] of map.exports) {
  if (name.startsWith("__") && !js.includes(`wasm.${name}`)) continue; // unused by the glue
  replace(new RegExp(`\\bwasm\\.${esc(name)}\\b`, "g"), `wasm.${to}`, `export ${name}`);
}
// What of wasm-bindgen's glue the core never uses (each patch must find its text, so a new
// wasm-bindgen cannot drop one silently):
// - the `Core` object lives as long as the page (bindings.rs leaks it): no finalizer, no free;
replace(/\n    __destroy_into_raw\(\) \{[\s\S]*?\n    free\(\) \{[\s\S]*?\n    \}/, "", "Core.free");
replace(/\n        CoreFinalization\.register\(this, this\.__wbg_ptr, this\);/, "", "Core's finalizer");
replace(/\nconst CoreFinalization = [\s\S]*?;\n/, "\n", "CoreFinalization");
replace(/\nif \(Symbol\.dispose\) Core\.prototype\[Symbol\.dispose\] = Core\.prototype\.free;/, "", "Core's dispose");
// - strings always pass with `realloc`, and every browser and Node has `encodeInto`;
replace(/\n    if \(realloc === undefined\) \{[\s\S]*?\n    \}\n/, "\n", "passStringToWasm0 without realloc");
replace(/\nif \(!\('encodeInto' in cachedTextEncoder\)\) \{[\s\S]*?\n\}\n/, "\n", "the encodeInto polyfill");
// - no JavaScript value lives in the wasm (the host's functions are module imports), so its
//   externref table is never read: its slots for undefined, null, true and false go unset;
replace(/\n            const table = wasm\.\w+;\n(?:            table\.set\([^\n]*\n)+/, "\n", "the externref table's init");
// - the methods' numbers are converted by the wasm call itself (ToNumber, ToInt32): no
//   `const valN = +arg` copies before it (every caller is this package's own code);
replace(/\n    \w+\([^)]*\) \{[\s\S]*?\n    \}/g, (method) => {
  for (const [line, val, arg] of method.matchAll(/\n        const (val\d+) = \+(\w+);/g))
    method = method.replace(line, "").replace(new RegExp(`\\b${val}\\b`, "g"), arg);
  return method;
}, "the methods' number coercions");
// - the host's number operation is imported as it is, with no wrapper (host.js's `n` makes its
//   ids unsigned itself). The clock keeps its wrapper: it reads `Date.now` at each call, so
//   fake timers installed after the import (sinon, vitest) drive the core's clock too;
replace(/\n        (\w+): function\(arg0, arg1, arg2, arg3\) \{\n            n\(arg0 >>> 0, arg1 >>> 0, arg2 >>> 0, arg3\);\n        \},/, "\n        $1: n,", "the wrapper of the host's n");
// - `initSync` is always given `{ module }` (wasm.js, wasm-node.js).
replace(/\n    if \(module !== undefined\) \{\n        if \(Object\.getPrototypeOf[\s\S]*?\n    \}\n/, "\n    ({ module } = module);\n", "initSync's old parameters");
writeFileSync(glue, js);
console.log(`minify-names: ${map.imports.length} imports, ${map.exports.length} exports renamed`);
