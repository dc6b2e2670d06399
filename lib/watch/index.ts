export * from "./add";
export * from "./watchlist";
