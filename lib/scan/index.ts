export { engine, ScanEngine } from "./engine";
export { startScheduler, isDue } from "./schedule";
export { scanRepository } from "./scan-repository";
