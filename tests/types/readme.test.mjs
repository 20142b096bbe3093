// Every TypeScript block of the README — ```ts and ```tsx blocks, and the `<script setup
// lang="ts">` of ```vue blocks — type-checked under `strict` against the package as installed
// ("plugwire" from node_modules, its exports' types). An error points at the README line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;
const DIR = join(ROOT, "test-results/readme-types");
// What the examples take from their surroundings, as in a plugin's project: the page's render
// function, and the `*.vue` module declaration every Vue + TypeScript project has.
const AMBIENT = `declare function render(...args: unknown[]): void;
declare module "*.vue" {
  import type { DefineComponent } from "vue";
  const component: DefineComponent;
  export default component;
}
`;

/** The README's TypeScript blocks: `{line, ext, code}` (line: where the code starts). */
export function blocks(markdown) {
  const out = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|tsx|typescript|vue)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1] !== "```") i++;
    let body = lines.slice(start, i + 1);
    let first = start;
    if (open[1] === "vue") {
      const s = body.findIndex((l) => /^<script setup lang="ts">/.test(l));
      const e = body.findIndex((l, k) => k > s && l === "</script>");
      if (s < 0 || e < 0) continue;
      first = start + s + 1;
      body = body.slice(s + 1, e);
    }
    out.push({ line: first + 1, ext: open[1] === "tsx" ? "tsx" : "ts", code: body.join("\n") });
    i++;
  }
  return out;
}

test("every TypeScript block of the README type-checks under strict", { timeout: 120_000 }, () => {
  const found = blocks(readFileSync(join(ROOT, "README.md"), "utf8"));
  assert.ok(found.length >= 8, `only ${found.length} TypeScript blocks found`);
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const files = found.map((b, n) => {
    const name = `block-${n}-line-${b.line}.${b.ext}`;
    // Each block is a module of its own (top-level await allowed).
    writeFileSync(join(DIR, name), `${b.code}\nexport {};\n`);
    return name;
  });
  writeFileSync(join(DIR, "ambient.d.ts"), AMBIENT);
  writeFileSync(
    join(DIR, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: "es2022", module: "es2022", moduleResolution: "bundler",
        jsx: "react-jsx", resolveJsonModule: true, lib: ["es2022", "dom", "dom.iterable"], types: [], skipLibCheck: true,
      },
      files: ["ambient.d.ts", ...files],
    }),
  );
  const r = spawnSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", join(DIR, "tsconfig.json")], { encoding: "utf8" });
  // block-N-line-L.ts(l,c): error → README.md:(L + l - 1)
  const errors = r.stdout.replace(/(?:\S*\/)?block-\d+-line-(\d+)\.tsx?\((\d+),(\d+)\)/g, (_, at, l, c) => `README.md:${+at + +l - 1}:${c}`);
  assert.equal(r.status, 0, `README TypeScript errors:\n${errors}${r.stderr}`);
});
