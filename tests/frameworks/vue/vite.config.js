// A plain Vite + Vue config: "plugwire" and "plugwire/vue" resolve from node_modules.
import { fileURLToPath } from "node:url";
import vue from "@vitejs/plugin-vue";

export default {
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [vue()],
  build: { outDir: fileURLToPath(new URL("../../../test-results/frameworks-vue", import.meta.url)), emptyOutDir: true },
  logLevel: "warn",
};
