export * from "./gaps";
