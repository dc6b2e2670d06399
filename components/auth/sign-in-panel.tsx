"use client";

import { useState } from "react";
import { Field } from "@/components/ui/field";
import { buttonClass, cardClass, inputClass } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { ApiError, api } from "@/lib/api-client";

/** The ways to sign in that the server offers; rendered on /signin and in place of pages that need a session. */
export function SignInPanel({ token, oidc, next, error: initialError }: { token: boolean; oidc: boolean; next: string; error?: string }) {
  const hydrated = useHydrated();
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice] = useState(initialError || null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.signIn(value);
      // A full load, so the server renders every page again with the session.
      window.location.assign(next);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Sign-in failed");
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="signin-title" className={`${cardClass} mx-auto mt-8 max-w-md space-y-5 p-6`}>
      <h1 id="signin-title" className="text-lg font-semibold">
        Sign in to archgrid
      </h1>
      {notice ? (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">
          {notice}
        </p>
      ) : null}
      {oidc ? (
        <a href={`/api/auth/oidc/login?next=${encodeURIComponent(next)}`} className={`${buttonClass("primary")} w-full`}>
          Sign in with single sign-on
        </a>
      ) : null}
      {token ? (
        <form onSubmit={submit} className="space-y-3">
          <Field id="admin-token" label="Admin token" error={error} hint="The value of ARCHGRID_ADMIN_TOKEN. It is exchanged for a session cookie and not kept in the browser.">
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="current-password"
                className={inputClass}
                value={value}
                onChange={(e) => setValue(e.target.value)}
                disabled={!hydrated}
                required
              />
            )}
          </Field>
          <button type="submit" className={buttonClass(oidc ? "secondary" : "primary")} disabled={!hydrated || busy || value === ""}>
            {busy ? "Signing in…" : "Sign in with the admin token"}
          </button>
        </form>
      ) : null}
      {!token && !oidc ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Sign-in is off: set ARCHGRID_ADMIN_TOKEN or the ARCHGRID_OIDC_* variables to turn it on. Until then anyone who can reach this server may change the watch list.
        </p>
      ) : null}
    </section>
  );
}
