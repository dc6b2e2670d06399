-- A snapshot resolved with config verification on; switching verification on re-resolves a tag once.
ALTER TABLE "Tag" ADD COLUMN "configsVerified" BOOLEAN NOT NULL DEFAULT false;
