/**
 * One writer per repository inside this process: an async mutex keyed by repository id. Every use of a working copy
 * (fetch, ingest, commit, push) runs under it.
 *
 * Several HFM instances on one data directory (or several replicas) are NOT serialised by this lock: run Git jobs
 * through the workflow engine with a concurrency key per repository (`concurrency: [{ key: "event.data.repositoryId",
 * limit: 1 }]`), so that one job per repository runs at a time across instances.
 */
const tails = new Map<string, Promise<void>>();

export async function withRepositoryLock<T>(repositoryId: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(repositoryId) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => mine);
  tails.set(repositoryId, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (tails.get(repositoryId) === tail) tails.delete(repositoryId);
  }
}
