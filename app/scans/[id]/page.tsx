import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ScanDetail } from "@/components/scans/scan-detail";
import { listScanRepositories } from "@/lib/queries";
import { NotFoundError } from "@/lib/errors";

export const metadata: Metadata = { title: "Scan" };

export default async function ScanPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  try {
    const { scan, repositories } = await listScanRepositories(id);
    return <ScanDetail scan={scan} repositories={repositories} />;
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
}
