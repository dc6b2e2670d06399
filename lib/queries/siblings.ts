// Arch-prefixed sibling images found for a repository's tags.
import { prisma } from "../db";

export async function replaceSiblings(
  repositoryId: string,
  tag: string,
  siblings: Array<{ prefix: string; reference: string; digest: string; column: string }>,
): Promise<void> {
  await prisma.$transaction([
    prisma.siblingImage.deleteMany({ where: { repositoryId, tag } }),
    ...(siblings.length ? [prisma.siblingImage.createMany({ data: siblings.map((s) => ({ repositoryId, tag, ...s })) })] : []),
  ]);
}
