// Module-level state in lib/ that may exist once per module copy (scripts/module-state.ts finds it;
// scripts/module-state.test.ts fails on anything found that is neither on globalThis nor here).
// Each entry says why a copy of its own is harmless: a memo of a pure function, a lookup cache
// whose misses only cost time or memory, state written and read by one copy only. State that every
// copy must see (a connection, a lock, a queue, a counter another module reads) belongs on
// globalThis instead, as in lib/db-client.ts.
//
// Key: "<file> <binding>" as the finder names it; for `instanceof` checks (in lib/ or app/) the
// file is where the check is, and the reason says why the instance never comes from another copy.
export const ALLOWED_MODULE_STATE: Record<string, string> = {
  "lib/coverage/order.ts collator": "lazy Intl.Collator: a pure comparator, the same in every copy",
  "lib/env.ts cached": "memo of the parsed process.env: every copy parses the same environment to the same value",
  "lib/export/report-model.ts collator": "lazy Intl.Collator: a pure comparator, the same in every copy",
  "lib/jobs/config.ts cached": "memo of the parsed job settings from process.env: the same value in every copy",
  "lib/jobs/registry-budget.ts warned": "only stops a repeated warning: at worst it is printed once per copy",
  "lib/openapi/document.ts cached": "memo of the OpenAPI document, built from the code alone: every copy builds the same text",
  "lib/openapi/document.ts requests": "zod registry filled at module load and read by document.ts in the same copy",
  "lib/openapi/responses.ts schemas": "zod registry filled at module load (and by document.ts with derived ids) and read by document.ts of the same copy: the same document from every copy",
  "lib/queries/coverage.ts cellsInterned": "interner for memory only (shared frozen cells): a copy of its own shares less, answers the same",
  "lib/queries/coverage.ts cellRows": "interner for memory only (shared rows of cells): a copy of its own shares less, answers the same",
  "lib/queries/coverage.ts missingLists": "interner for memory only (shared gap lists): a copy of its own shares less, answers the same",
  "lib/queries/coverage.ts namespaces": "interner for memory only (shared namespace strings): a copy of its own shares less, answers the same",
  "lib/queries/coverage.ts cellNumbers": "numbers this copy's interned cells for the row key; only ever read for cells this copy interned",
  "lib/queries/coverage.ts nextCellNumber": "counter behind cellNumbers: per copy, like the cells it numbers",
  "lib/queries/coverage.ts collator": "lazy Intl.Collator: a pure comparator, the same in every copy",
  "lib/queries/ids.ts offset": "read position in this copy's own pool of random bytes: each copy draws from its own pool, and an id's uniqueness rests on its 8 random bytes, not on sharing the pool",
  "lib/queries/hot-sql.ts empty": "an empty SQL fragment, never changed: a value, not state (owned by the lead; not edited here)",
  "lib/queries/hot-sql.ts hotStats": "diagnostic statement counts read by bench/diagnose.ts and hot-sql.test.ts in their own single copy; nothing in the server reads them (owned by the lead)",
  "lib/queries/hot-sql.ts postgres": "memo of the provider parsed from DATABASE_URL: the same in every copy (owned by the lead)",
  "lib/queries/lineage-rows.ts hintCache": "memo of upgradeHints(row), a pure function of the row object it is keyed by",
  "lib/queries/matrix.ts CHUNK": "read-size setting, changed only by tests through setMatrixChunkForTests in their own copy",
  "lib/queries/matrix.ts interned": "string interner for memory only: a copy of its own shares less, answers the same",
  "lib/queries/matrix.ts platformsInterned": "interner for memory only (shared frozen platforms): a copy of its own shares less, answers the same",
  "lib/queries/matrix.ts listsInterned": "interner for memory only (shared platform lists): a copy of its own shares less, answers the same",
  "lib/queries/matrix.ts keyOfPlatform": "key of each platform this copy interned; read in the same assemble() call that interned them",
  "lib/query-client.ts browserQueryClient": "the browser's one QueryClient: the browser bundle has one copy; the server makes one per request",
  "lib/registry/auth.ts identities": "memo of a credential's hashed identity, a pure function of the credential object it is keyed by (lib/registry is owned by scan-cold)",
  "lib/registry/http.ts lookups": "memo of the lookup function for a pinned address object: a pure function of the pin (lib/registry is owned by scan-cold)",
  "lib/scan/base-lineage.ts inflight":
    "joins concurrent resolutions of one base; the database is the cache, so a second copy resolving the same base at once costs one more request, never a wrong answer (lib/scan is owned by scan-cold)",
  "lib/scan/base-lineage.ts baseResolutions":
    "counter read only by base-lineage.integration.test.ts in its own copy (its comment also names metrics, which do not read it); per copy it would be wrong for another module (lib/scan is owned by scan-cold)",
  "lib/cli/check-files.ts instanceof FileError": "the archgrid CLI runs as its own process from one module graph; Next never bundles lib/cli",
  "lib/cli/main.ts instanceof UsageError": "the archgrid CLI runs as its own process from one module graph; Next never bundles lib/cli",
  "lib/cli/main.ts instanceof InvalidPlatformError": "the archgrid CLI runs as its own process from one module graph; Next never bundles lib/cli",
  "lib/registry/tag-policy.ts instanceof TagPatternError": "thrown by compileTagPattern two lines above, in the same copy, and caught there: never crosses copies",
  "lib/scan/engine.ts instanceof MissingRepository": "thrown and caught in the same engine slot function of one copy: never crosses copies",
  "lib/registry/auth.ts instanceof BodyTooLarge": "thrown by the RawResponse that auth.ts itself just read (http.ts, imported by the same copy); never crosses copies (lib/registry is owned by scan-cold)",
  "lib/registry/transport.ts instanceof BodyTooLarge": "thrown by the RawResponse that transport.ts itself just read (http.ts, imported by the same copy); never crosses copies (lib/registry is owned by scan-cold)",
  "app/api/checks/route.ts instanceof InvalidPlatformError": "thrown by parseRequirements/checkDocuments of this route's own copy of lib/workloads (the engine's client it passes in throws only the branded RegistryError)",
  "app/api/checks/route.ts instanceof FileError": "thrown by checkDocuments of this route's own copy of lib/workloads (the engine's client it passes in throws only the branded RegistryError)",
  "app/api/repositories/route.ts instanceof RegistryCheckError": "thrown by addRepository of this route's own copy of lib/watch (the engine's client it passes in throws only the branded RegistryError, which lib/watch wraps)",
  "app/scans/[id]/page.tsx instanceof NotFoundError": "thrown by listScanRepositories of this page's own copy of lib/queries, not through the shared engine",
};
