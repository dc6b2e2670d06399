/**
 * The grid filtered so that just-added repositories are on screen: the reference itself for one,
 * the longest shared path ("registry.example.com/team/") for several, the whole grid otherwise.
 */
export function gridHrefFor(references: string[]): string {
  if (references.length === 0) return "/grid";
  if (references.length === 1) return `/grid?q=${encodeURIComponent(references[0])}`;
  let prefix = references[0];
  for (const r of references.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < r.length && prefix[i] === r[i]) i++;
    prefix = prefix.slice(0, i);
  }
  prefix = prefix.slice(0, prefix.lastIndexOf("/") + 1);
  return prefix ? `/grid?q=${encodeURIComponent(prefix)}` : "/grid";
}
