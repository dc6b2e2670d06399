import type { Metadata } from "next";
import { CheckDeployment } from "@/components/check/check-deployment";

export const metadata: Metadata = { title: "Check a deployment" };

export default function CheckPage() {
  return <CheckDeployment />;
}
