// The security headers of every response. Pages get a nonce-based CSP built per request by
// proxy.ts (Next.js reads the nonce back from the request's CSP header and puts it on its own
// inline scripts); everything else (API, static files) gets a CSP that allows nothing, from
// next.config.ts headers(), so no response is framable or sniffable.

/** Headers on every response, pages and API alike. */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()" },
];

/** Responses that are never rendered as documents (JSON, CSV, scripts) may load and be framed by nothing. */
export const NON_DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The pages' CSP. Scripts: only those carrying this request's nonce, and what they load
 * ('strict-dynamic'). Styles: the stylesheet and nonce'd style elements; style attributes are
 * allowed because React renders `style=` (widths, virtual-list offsets), and a style attribute
 * cannot run script. `unsafe-eval` only in development, where React uses eval for error stacks.
 */
export function pageCsp(nonce: string, opts: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
}
