-- The coverage matrix reads MAX("updatedAt") / MAX("checkedAt") on every coverage request and
-- "> mark" on each incremental re-read: without these, a full scan of Tag (40,000 rows at 10,000
-- repositories) each time.
-- CreateIndex
CREATE INDEX "Repository_updatedAt_idx" ON "Repository"("updatedAt");

-- CreateIndex
CREATE INDEX "Tag_checkedAt_idx" ON "Tag"("checkedAt");
