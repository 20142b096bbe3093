// The npm tarball as published: `npm pack` of pkg/ into a temp dir, then its file list and its
// package.json (licence, repository, exports, peers) read from the tarball itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PKG = new URL("../../pkg/", import.meta.url).pathname;

test("npm pack carries README, LICENSE, every entry and its types, and the package fields", { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "plugwire-pack-"));
  try {
    const [info] = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: PKG, encoding: "utf8" }));
    const files = info.files.map((f) => f.path).sort();
    assert.deepEqual(files, [
      "LICENSE",
      "README.md",
      "devtools.d.ts",
      "devtools.js",
      "dist/plugwire_core_bg.wasm",
      "dist/plugwire_devtools.js",
      "dist/plugwire_devtools_bg.wasm",
      "index.d.ts",
      "index.js",
      "msgpack.cjs",
      "msgpack.d.ts",
      "msgpack.js",
      "node.cjs",
      "node.js",
      "package.json",
      "parser.cjs",
      "parser.d.ts",
      "parser.js",
      "plugwire.min.js",
      "react.d.ts",
      "react.js",
      "vue.d.ts",
      "vue.js",
    ]);
    execFileSync("tar", ["-xzf", join(dir, info.filename), "-C", dir]);
    const packed = (f) => readFileSync(join(dir, "package", f), "utf8");
    const manifest = JSON.parse(packed("package.json"));
    assert.equal(manifest.license, "MIT");
    assert.match(packed("LICENSE"), /^MIT License\n/);
    assert.match(packed("README.md"), /^# plugwire\n/);
    assert.equal(manifest.repository.type, "git");
    assert.match(manifest.repository.url, /^git\+https:\/\/github\.com\/[\w-]+\/plugwire\.git$/);
    // Every export points at a packed file; the framework peers, and the msgpack parser that
    // plugwire/msgpack imports, are optional.
    const leaves = (e) => (typeof e === "string" ? [e] : Object.values(e).flatMap(leaves));
    const targets = leaves(manifest.exports);
    for (const t of targets) assert.ok(files.includes(t.replace(/^\.\//, "")), `export target ${t} is not packed`);
    assert.deepEqual(Object.keys(manifest.exports["."]), ["types", "node", "default"]);
    // Node: `require` gets the CommonJS build, `import` the module over it.
    assert.deepEqual(manifest.exports["."].node, { require: "./node.cjs", default: "./node.js" });
    assert.deepEqual(manifest.peerDependenciesMeta, { react: { optional: true }, vue: { optional: true }, "socket.io-msgpack-parser": { optional: true } });
    assert.equal(manifest.dependencies, undefined, "the package has no runtime dependencies");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
