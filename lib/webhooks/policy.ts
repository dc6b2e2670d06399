// Webhook targets go through the registries' address policy (resolve once, judge, connect to the
// judged address): https to public addresses only, unless the target's host:port is listed in
// ARCHGRID_WEBHOOK_ALLOWED_HOSTS (then plain http and loopback/private addresses are allowed), as
// ARCHGRID_INSECURE_REGISTRIES does for registries. A webhook's "owner" is its own host:port.
import { AddressPolicy, RegistryError } from "../registry";
import { REFUSED_BY_POLICY } from "../registry/address";

export function allowedHosts(): string[] {
  return (process.env.ARCHGRID_WEBHOOK_ALLOWED_HOSTS ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** The host:port the policy judges the target as (the port written out, so the list entry is exact). */
export function ownerOf(url: URL): string {
  const port = url.port ? "" : url.protocol === "http:" ? ":80" : ":443";
  return `${url.host}${port}`.toLowerCase();
}

export function webhookPolicy(): AddressPolicy {
  // The listed entries are given with and without the default port so that "hooks.local" and
  // "hooks.local:80" both work.
  const listed = allowedHosts().flatMap((h) => (/:\d+$/.test(h) || h.endsWith("]") ? [h] : [h, `${h}:80`, `${h}:443`]));
  return new AddressPolicy(listed);
}

/** The policy's refusal, reworded for webhooks (it names the registry variable otherwise). */
export function policyRefusal(url: URL): string {
  return `${url.protocol.replace(":", "")}://${url.host}: ${REFUSED_BY_POLICY} (webhooks go to https on public addresses; list "${ownerOf(url)}" in ARCHGRID_WEBHOOK_ALLOWED_HOSTS for a loopback, private or plain-http target)`;
}

/** Throws a plain-words message when the policy would refuse `url`; a DNS failure is not a refusal (the host may exist later). */
export async function checkTarget(url: URL): Promise<void> {
  try {
    await webhookPolicy().check(url, ownerOf(url));
  } catch (e) {
    if (e instanceof RegistryError && e.code === "blocked-address") throw new Error(policyRefusal(url));
  }
}
