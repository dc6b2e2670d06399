-- AlterTable
ALTER TABLE "Tag" ADD COLUMN     "baseDigest" TEXT,
ADD COLUMN     "baseName" TEXT,
ADD COLUMN     "baseProblem" TEXT;

-- CreateTable
CREATE TABLE "BaseImage" (
    "key" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "platforms" TEXT,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "resolvedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BaseImage_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Setting" (
    "id" TEXT NOT NULL DEFAULT 'org',
    "requiredColumns" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Waiver" (
    "id" TEXT NOT NULL,
    "repositoryId" TEXT NOT NULL,
    "column" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Waiver_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Waiver_repositoryId_column_key" ON "Waiver"("repositoryId", "column");

-- AddForeignKey
ALTER TABLE "Waiver" ADD CONSTRAINT "Waiver_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;
