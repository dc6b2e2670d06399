-- Why a tag stopped being tracked (removed-tag events): "policy" = the tag policy no longer
-- selects it (the tag is still in the registry), "deleted" = the registry no longer lists it.
ALTER TABLE "ChangeEvent" ADD COLUMN "reason" TEXT;
