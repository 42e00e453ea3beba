// Public module `tclocal`: start an emulator in-process (tests), plus the error catalog.
export { startServer, type Running } from "./server";
export { DEFAULT_CONFIG, type Config } from "./config";
export { DEFAULT_ACCOUNT } from "./platform/accounts";
export * from "./errors";
