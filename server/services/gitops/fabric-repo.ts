import type { PrismaClient } from "@/server/db";
import { DomainError, notFound } from "@/server/services/errors";
import { fetchBranch, type RepositoryAccess } from "./access";

export async function loadFabricRepo(db: PrismaClient, fabricId: string) {
  const fabric = await db.fabric.findUnique({ where: { id: fabricId }, include: { gitRepository: true } });
  if (!fabric) throw notFound("Fabric");
  if (!fabric.gitRepository) {
    throw new DomainError("BAD_REQUEST", `Fabric ${fabric.name} has no Git repository: set gitRepositoryId on the fabric first`);
  }
  const repo = fabric.gitRepository;
  return { fabric, repo, branch: fabric.gitBranch || repo.branch };
}

/** Fetches the fabric's branch (fast-forwarding the working copy) and records the head on the repository. */
export async function fetchFabricHead(db: PrismaClient, access: RepositoryAccess, branch: string): Promise<string> {
  const head = await fetchBranch(access, branch);
  await db.gitRepository.update({ where: { id: access.repositoryId }, data: { headCommit: head, lastFetchedAt: new Date() } });
  return head;
}

