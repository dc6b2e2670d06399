export * from "./columns";
export * from "./gaps";
