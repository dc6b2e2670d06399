export * from "./columns";
export * from "./gaps";
export * from "./order";
