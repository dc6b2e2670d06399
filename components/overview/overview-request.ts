// Not a client module: the overview page's server component prefetches this same request.
import { DEFAULT_COLUMNS } from "@/lib/coverage/columns";
import type { CoverageRequest } from "@/lib/query-keys";

/** The figures only (limit 0): the overview never shows rows, so it never downloads them. */
export const OVERVIEW_COVERAGE: CoverageRequest = { columns: [...DEFAULT_COLUMNS], limit: 0 };
