import { connection } from "next/server";
import { prisma } from "@/lib/db";

export default async function Home() {
  await connection();
  const count = await prisma.repository.count();
  return <main className="p-8"><h1 className="text-2xl font-semibold">archgrid</h1><p>{count} repositories</p></main>;
}
