"use client";

import { buttonClass } from "@/components/ui/button";

/** Opens the browser's print dialog (the report's print stylesheet does the rest). */
export function PrintButton() {
  return (
    <button type="button" className={buttonClass("primary", "sm")} onClick={() => window.print()}>
      Print or save as PDF
    </button>
  );
}
