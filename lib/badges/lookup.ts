// Which watched repository a badge URL names: its id, or a reference in any spelling users write
// ("nginx", "docker.io/library/nginx:1.27", "127.0.0.1:5000/team/app"), url-encoded or not.
import { parseReference, repositoryKey } from "../registry";
import { loadCoverage } from "../queries";
import type { ApiRepositoryRow } from "../api-types";

/** The repository's coverage row over `columns`, or undefined when nothing watched matches. */
export async function findBadgeRow(key: string, columns: string[]): Promise<ApiRepositoryRow | undefined> {
  const byId = await loadCoverage({ repositoryId: key, columns });
  if (byId.repositories[0]) return byId.repositories[0];
  let reference: string;
  try {
    reference = repositoryKey(parseReference(key));
  } catch {
    return undefined; // neither an id nor a reference: simply not watched
  }
  const rows = await loadCoverage({ q: reference, columns });
  return rows.repositories.find((r) => r.reference === reference);
}
