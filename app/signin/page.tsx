import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInPanel } from "@/components/auth/sign-in-panel";
import { env } from "@/lib/env";
import { oidcConfigured, viewerOf } from "@/lib/auth/session";
import { localPath } from "@/lib/auth/respond";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const { next, error } = await searchParams;
  const to = localPath(next);
  const viewer = await viewerOf(await headers());
  if (viewer && viewer !== "bad-token") redirect(to);
  const e = env();
  return <SignInPanel token={Boolean(e.ARCHGRID_ADMIN_TOKEN)} oidc={oidcConfigured(e)} next={to} error={error} />;
}
