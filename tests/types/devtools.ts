// plugwire/devtools and window.plugwireDevtools are typed. Compiled with `tsc --strict`.
import { createStore } from "plugwire";

async function devtools(): Promise<void> {
  createStore({ devtools: true });
  const tools = window.plugwireDevtools;
  if (tools) {
    await tools.open();
    const open: boolean = tools.isOpen();
    await tools.toggle();
    await tools.close();
    console.log(open);
  }
  const { createOverlay } = await import("plugwire/devtools");
  const overlay = createOverlay();
  await overlay.open(createStore());
  overlay.close();
}
void devtools;
