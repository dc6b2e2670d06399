export * from "./gaps";
export * from "./report";
export * from "./report-model";
export * from "./report-text";
export * from "./changes";
export * from "./words";
