-- Base-image lineage (issue 13 item 5): the OCI base annotations of each tag's document, and the
-- resolved platforms of every base named, shared by all tags naming it.
ALTER TABLE "Tag" ADD COLUMN "baseName" TEXT;
ALTER TABLE "Tag" ADD COLUMN "baseDigest" TEXT;
ALTER TABLE "Tag" ADD COLUMN "baseProblem" TEXT;

CREATE TABLE "BaseImage" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "reference" TEXT NOT NULL,
    "platforms" TEXT,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "resolvedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
