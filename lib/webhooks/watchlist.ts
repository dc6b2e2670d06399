// The watch-list file's `webhooks` key. A file lives in git, so it names the environment variable
// that holds each secret (`secretEnv`) instead of the secret. Webhooks whose URL exists are left as they are.
import { z } from "zod";
import { webhookExists } from "../queries/webhooks";
import { WebhookInputSchema, createWebhookChecked } from "./config";
import { checkTarget } from "./policy";

export const WebhookFileSchema = z
  .array(
    WebhookInputSchema.omit({ secret: true }).extend({
      secretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the name of an environment variable holding the secret"),
    }),
  )
  .max(100, "at most 100 webhooks per file");

type FileWebhooks = z.infer<typeof WebhookFileSchema>;

/** Why the file's webhooks cannot all be created (checked before anything is stored), or null. */
export async function webhookFileProblem(hooks: FileWebhooks): Promise<string | null> {
  for (const [i, h] of hooks.entries()) {
    const secret = process.env[h.secretEnv];
    // The variable's name is said, never its value.
    if (!secret || secret.length < 16) return `webhooks.${i}.secretEnv: the environment variable ${h.secretEnv} must hold a secret of at least 16 characters`;
    try {
      await checkTarget(new URL(h.url));
    } catch (e) {
      return `webhooks.${i}.url: ${(e as Error).message}`;
    }
  }
  return null;
}

export async function importWebhooks(hooks: FileWebhooks): Promise<number> {
  let created = 0;
  for (const h of hooks) {
    const url = new URL(h.url).toString();
    if (await webhookExists(url)) continue;
    const { secretEnv, ...rest } = h;
    await createWebhookChecked({ ...rest, url, secret: process.env[secretEnv]! });
    created++;
  }
  return created;
}
