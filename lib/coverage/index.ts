export * from "./columns";
export * from "./gaps";
export * from "./order";
export * from "./vocabulary";
export * from "./figures";
export * from "./base-lineage";
export * from "./upgrade-hints";
export * from "./waivers";
