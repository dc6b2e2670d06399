-- CreateTable
CREATE TABLE "SiblingImage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "repositoryId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "column" TEXT NOT NULL,
    "checkedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SiblingImage_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SiblingImage_repositoryId_tag_prefix_key" ON "SiblingImage"("repositoryId", "tag", "prefix");

