export * from "./add";
export * from "./watchlist";
export { RegistryCheckError } from "./exists";
