// What a webhook is made of, from the API or the watch-list file, and the checks before it is stored.
import { z } from "zod";
import { ValidationError } from "../errors";
import { createWebhook, type ApiWebhook } from "../queries/webhooks";
import { FINDING_TYPES } from "./payload";
import { checkTarget } from "./policy";

export const WebhookInputSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  url: z
    .string()
    .max(2048)
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), "must be an http(s) URL")
    .refine((u) => !URL.canParse(u) || (new URL(u).username === "" && new URL(u).password === ""), "must not carry a user name or password (sign with the secret instead)"),
  format: z.enum(["json", "slack"]).default("json"),
  events: z.array(z.enum(FINDING_TYPES)).min(1).default([...FINDING_TYPES]),
  /** Write-only: used to sign, never answered. */
  secret: z.string().min(16, "must be at least 16 characters").max(256),
});

export type WebhookInput = z.infer<typeof WebhookInputSchema>;

/** Refuses a target the address policy would refuse (a clear 400 now rather than failed deliveries later), then stores it. */
export async function createWebhookChecked(input: WebhookInput): Promise<ApiWebhook> {
  const url = new URL(input.url);
  try {
    await checkTarget(url);
  } catch (e) {
    throw new ValidationError(`url: ${(e as Error).message}`);
  }
  return createWebhook({ name: input.name ?? url.host, url: url.toString(), format: input.format, events: [...new Set(input.events)], secret: input.secret });
}
