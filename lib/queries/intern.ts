// One shared, frozen copy of values that repeat across thousands of repositories: the platform
// objects of a tag ({os: "linux", architecture: "arm64"}), whole platform lists, and the cells of
// a grid row. At 10,000 repositories × 4 tags the matrix held ~140,000 platform objects and the
// grid's rows ~50,000 cells, nearly all of them equal to a few dozen distinct values. Frozen
// because they are shared: code that edited one in place would change every row that holds it
// (rows are copied before they are changed: lib/queries/lineage-rows.ts, openRegression).

/** Deep-freezes plain objects and arrays (the shapes the API answers with). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** Values by key, each made and frozen once. Cleared past `max` entries: only sharing is lost. */
export class Interner<T> {
  private readonly byKey = new Map<string, T>();
  constructor(private readonly max = 50_000) {}

  get(key: string, make: () => T): T {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    if (this.byKey.size >= this.max) this.byKey.clear();
    const value = deepFreeze(make());
    this.byKey.set(key, value);
    return value;
  }

  get size(): number {
    return this.byKey.size;
  }
}
