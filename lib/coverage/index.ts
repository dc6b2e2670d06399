export * from "./columns";
export * from "./gaps";
export * from "./order";
export * from "./vocabulary";
export * from "./figures";
export * from "./waivers";
