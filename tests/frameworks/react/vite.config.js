// A plain Vite + React config: "plugwire" and "plugwire/react" resolve from node_modules.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";

export default {
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  server: { host: "127.0.0.1" },
  // Known up front, so that the dev server never reloads the page to add a dependency mid-test.
  optimizeDeps: { include: ["react", "react/jsx-dev-runtime", "react-dom/client"] },
  logLevel: "warn",
};
