// `npm run start:web`: one web process (webhook intake + embedded admin). Run any number of them
// behind a load balancer, with any number of workers (`npm run start:worker`), on one PostgreSQL.
import { appConfig } from "../app/config.server";
import { closeOnSignals, startServer } from "./app-server";
import { requireSharedDatabase } from "./process-env";

const config = appConfig();
requireSharedDatabase("web");
const server = await startServer({ dev: process.env.NODE_ENV !== "production", host: config.host, port: config.port, migrate: process.env.BP_SKIP_MIGRATE !== "1" });
closeOnSignals(server.close);
