import Link from "next/link";
import { buttonClass } from "./button";

export function EmptyState({
  title,
  children,
  action,
  headingLevel = 2,
}: {
  title: string;
  /** 1 when the empty state is the whole page (not found): every page needs its one h1. */
  headingLevel?: 1 | 2;
  children?: React.ReactNode;
  action?: { href: string; label: string };
}) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 px-6 py-10 text-center dark:border-slate-700">
      {headingLevel === 1 ? <h1 className="text-lg font-semibold">{title}</h1> : <h2 className="text-base font-semibold">{title}</h2>}
      {children ? <div className="mx-auto mt-2 max-w-prose text-sm text-slate-600 dark:text-slate-400">{children}</div> : null}
      {action ? (
        <Link href={action.href} className={`${buttonClass("primary")} mt-5`}>
          {action.label}
        </Link>
      ) : null}
    </div>
  );
}
