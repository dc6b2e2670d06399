-- Index entries of a tag that were well-formed but not images (signatures, SBOMs, attestations,
-- other artifacts): skipped, and counted so the skip is visible rather than silent.
ALTER TABLE "Tag" ADD COLUMN "skipped" INTEGER NOT NULL DEFAULT 0;
