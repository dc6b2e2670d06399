-- Index entries of a tag that were well-formed but not images (signatures, SBOMs, attestations,
-- other artifacts): skipped, and counted so the skip is visible rather than silent.
ALTER TABLE "Tag" ADD COLUMN "skipped" INTEGER NOT NULL DEFAULT 0;
-- The reading rules a snapshot was resolved under (lib/registry RESOLUTION_RULES); 0 = before
-- issue 9, so every stored tag is resolved once more on its next scan even if its digest is unchanged.
ALTER TABLE "Tag" ADD COLUMN "resolutionRules" INTEGER NOT NULL DEFAULT 0;
