// CLI entry: `npm run dev` (Vite), `npm start` (build/), `npm run demo` (BACKORDER_DEMO=1).
import { appConfig } from "../app/config.server";
import { closeOnSignals, startServer } from "./app-server";

const config = appConfig(); // throws for demo/emulator in a production configuration
const dev = process.env.NODE_ENV !== "production";

if (config.demo) {
  const { startDemo } = await import("./demo-server");
  await startDemo({ dev });
} else {
  const server = await startServer({ dev });
  closeOnSignals(server);
}
