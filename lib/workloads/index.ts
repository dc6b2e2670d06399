// Deployments and their images: reading compose files and Kubernetes manifests, target
// platforms, resolving each distinct image once, and the verdict per container. Used by the CLI
// (lib/cli) and by POST /api/checks; imports only lib/registry and lib/coverage's columns.
export * from "./read";
export * from "./platforms";
export * from "./resolve";
export * from "./verdict";
export * from "./check";
