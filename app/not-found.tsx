import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <EmptyState title="Page not found" headingLevel={1} action={{ href: "/", label: "Back to the overview" }}>
      This page does not exist, or the repository is no longer watched.
    </EmptyState>
  );
}
