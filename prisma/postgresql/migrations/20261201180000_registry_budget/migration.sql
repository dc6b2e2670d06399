-- CreateTable
CREATE TABLE "RegistryBudget" (
    "host" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "refilledAt" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "RegistryBudget_pkey" PRIMARY KEY ("host")
);
