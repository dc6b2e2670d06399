-- CreateTable
CREATE TABLE "RegistryBudget" (
    "host" TEXT NOT NULL PRIMARY KEY,
    "tokens" REAL NOT NULL,
    "refilledAt" REAL NOT NULL
);
