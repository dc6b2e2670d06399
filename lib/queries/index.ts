export * from "./repositories";
export * from "./tags";
export * from "./scans";
export * from "./coverage";
export * from "./events";
export * from "./siblings";
export { createConfigCache } from "./config-cache";
export { loadMatrix } from "./matrix";
export * from "./scan-repositories";
