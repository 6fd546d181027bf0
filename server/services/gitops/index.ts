/**
 * GitOps: Git repository access, ingestion of a fabric's directory, write-back of change sets as one commit or one
 * pull request, conflicts, and the read models of the GitOps pages. See docs/gitops.md.
 *
 * Concurrency: one writer per repository inside a process (`withRepositoryLock`). Several HFM instances need the
 * workflow engine's concurrency key per repository (one Git job per repository at a time).
 */
export { describeGitError, GitAccessError, gitWorkRoot, repositoryAccess, type RepositoryAccess } from "./access";
export { withRepositoryLock } from "./mutex";
export { ingestCommit, type FileFindings, type IngestCounts } from "./ingest";
export { fetchFabricHead, loadFabricRepo } from "./fabric-repo";
export { queueFabricSync, runFabricSync, testRepositoryConnection, SYNC_STEPS, type ConnectionResult, type SyncResult } from "./sync";
export {
  commitAuthor,
  commitMessage,
  newObjectPath,
  parseGitHubRepo,
  queueSubmit,
  runSubmit,
  setConflictState,
  trackPullRequests,
  type PullRequestCounts,
  type SubmitMode,
  type SubmitResult,
} from "./writeback";
export {
  changeSetOutput,
  discardItem,
  getChangeSet,
  getPendingChangeSet,
  listChangeSets,
  resolveConflict,
  revertChangeSet,
  type ChangeSetDto,
} from "./changesets";
export {
  fabricGitopsStatus,
  getSyncOperation,
  gitopsStatusOutput,
  globalGitopsStatus,
  globalStatusOutput,
  listSyncOperations,
  syncOperationOutput,
  type GitopsStatus,
  type SyncOperationDto,
} from "./status";
