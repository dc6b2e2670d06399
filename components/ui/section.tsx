import { cardClass } from "./button";

/** A titled card; `titleId` ties the region's accessible name to its heading. */
export function Section({
  title,
  titleId,
  actions,
  children,
  className = "",
}: {
  title: string;
  titleId: string;
  actions?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <section aria-labelledby={titleId} className={`${cardClass} ${className}`}>
      <div className="flex items-center justify-between gap-3 border-b border-slate-100 px-4 py-3 dark:border-slate-800">
        <h2 id={titleId} className="text-sm font-semibold">{title}</h2>
        {actions}
      </div>
      <div className="p-4">{children}</div>
    </section>
  );
}

export function ErrorNote({ error }: { error: Error }) {
  return (
    <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:bg-rose-950/50 dark:text-rose-300">
      {error.message}
    </p>
  );
}
