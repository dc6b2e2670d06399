export * from "./badge";
export * from "./lookup";
export * from "./etag";
