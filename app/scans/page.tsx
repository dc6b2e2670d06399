import type { Metadata } from "next";
import { connection } from "next/server";
import { ScansList } from "@/components/scans/scans-list";

export const metadata: Metadata = { title: "Scans" };

export default async function ScansPage() {
  await connection();
  return <ScansList />;
}
