import type { Metadata } from "next";
import { AddRepositories } from "@/components/repositories/add-repositories";

export const metadata: Metadata = { title: "Add repositories" };

export default async function AddRepositoriesPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const { tab } = await searchParams;
  return <AddRepositories initialTab={tab} />;
}
