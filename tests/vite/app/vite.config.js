// A plain Vite config: only where the package comes from and where the build goes.
import { fileURLToPath } from "node:url";

export default {
  root: fileURLToPath(new URL(".", import.meta.url)),
  resolve: { alias: { plugwire: fileURLToPath(new URL("../../../pkg/index.js", import.meta.url)) } },
  build: { outDir: fileURLToPath(new URL("../../../test-results/vite-app", import.meta.url)), emptyOutDir: true },
  logLevel: "warn",
};
