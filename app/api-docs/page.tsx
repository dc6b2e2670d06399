import type { Metadata } from "next";
import { openApiDocument } from "@/lib/openapi/document";

export const metadata: Metadata = { title: "API reference" };
// Rendered per request like the other pages, so the per-request CSP nonce reaches Next's scripts.
// The page itself needs no script of its own (schemas open with <details>), so it cannot trip the
// strict CSP the way a reference viewer loading code from a CDN would.
export const dynamic = "force-dynamic";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const refName = (schema: Json | undefined) => (schema?.$ref ? String(schema.$ref).split("/").pop() : undefined);
const anchor = (name: string) => `schema-${name}`;

function SchemaLink({ schema }: { schema?: Json }) {
  const name = refName(schema);
  if (name) return <a className="font-mono text-blue-700 underline dark:text-blue-400" href={`#${anchor(name)}`}>{name}</a>;
  return schema ? <code className="font-mono">{JSON.stringify(schema)}</code> : null;
}

function Content({ content }: { content?: Json }) {
  if (!content) return null;
  return (
    <>
      {Object.entries(content).map(([type, c]) => (
        <span key={type} className="mr-3">
          <span className="text-slate-500 dark:text-slate-400">{type}</span> <SchemaLink schema={(c as Json).schema} />
        </span>
      ))}
    </>
  );
}

export default function ApiDocsPage() {
  const doc = openApiDocument() as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const schemas = doc.components.schemas as Record<string, Json>;
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">API reference</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">{doc.info.description}</p>
        <p className="text-sm">
          The machine-readable document: <a className="font-mono text-blue-700 underline dark:text-blue-400" href="/api/openapi.json">/api/openapi.json</a> (OpenAPI {doc.openapi}).
        </p>
      </header>
      <section aria-label="Operations" className="space-y-3">
        {Object.entries(paths).flatMap(([path, methods]) =>
          Object.entries(methods).map(([method, op]) => (
            <article key={`${method} ${path}`} id={op.operationId} className="rounded-md border border-slate-200 p-3 [overflow-wrap:anywhere] dark:border-slate-700">
              <h2 className="font-mono text-sm font-semibold">
                <span className="mr-2 uppercase text-blue-700 dark:text-blue-400">{method}</span>
                {path}
              </h2>
              <p className="text-sm">{op.summary}</p>
              {op.parameters?.length ? (
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  parameters: {op.parameters.map((p: Json) => `${p.name} (${p.in})`).join(", ")}
                </p>
              ) : null}
              {op.requestBody ? (
                <p className="text-xs">
                  body: <Content content={op.requestBody.content} />
                </p>
              ) : null}
              <ul className="mt-1 text-xs">
                {Object.entries(op.responses as Record<string, Json>).map(([status, r]) => (
                  <li key={status}>
                    <span className="font-mono font-semibold">{status}</span> {r.description} <Content content={r.content} />
                  </li>
                ))}
              </ul>
            </article>
          )),
        )}
      </section>
      <section aria-label="Schemas" className="space-y-2">
        <h2 className="text-xl font-semibold">Schemas</h2>
        {Object.entries(schemas).map(([name, schema]) => (
          <details key={name} id={anchor(name)} className="rounded-md border border-slate-200 p-2 dark:border-slate-700">
            <summary className="cursor-pointer font-mono text-sm">{name}</summary>
            <pre className="mt-2 overflow-x-auto text-xs">{JSON.stringify(schema, null, 2)}</pre>
          </details>
        ))}
      </section>
    </div>
  );
}
