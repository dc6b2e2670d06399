import type { Metadata } from "next";
import { connection } from "next/server";
import { CoverageGrid } from "@/components/coverage/coverage-grid";

export const metadata: Metadata = { title: "Grid" };

export default async function GridPage() {
  await connection();
  return <CoverageGrid />;
}
