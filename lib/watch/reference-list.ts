// Turning pasted text into references, shared by the list form (hints while typing) and the
// server (the authority), so both count the same lines.

/**
 * One entry as people paste it: `docker pull nginx:1.27` and `docker image pull --platform
 * linux/arm64 nginx` become `nginx:1.27` / `nginx` (the image is the last word of a pull command).
 */
export function cleanReference(entry: string): string {
  const s = entry.trim();
  const pull = /^docker\s+(?:image\s+)?pull\s+(.+)$/i.exec(s);
  if (!pull) return s;
  const words = pull[1].trim().split(/\s+/);
  return words[words.length - 1];
}

/** Lines or commas separate references; blank entries and `#` comment lines are dropped. */
export function splitReferenceList(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .flatMap((line) => line.split(","))
    .map(cleanReference)
    .filter(Boolean);
}
