-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'operator', 'admin');

-- CreateEnum
CREATE TYPE "GitAuthType" AS ENUM ('none', 'basic', 'token');

-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('unknown', 'ok', 'error');

-- CreateEnum
CREATE TYPE "ApplyMode" AS ENUM ('gitops', 'direct');

-- CreateEnum
CREATE TYPE "OperationStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "BreakerState" AS ENUM ('closed', 'open', 'half_open');

-- CreateEnum
CREATE TYPE "LifecycleState" AS ENUM ('draft', 'committed', 'synced', 'drifted', 'orphaned', 'missing', 'invalid', 'conflict');

-- CreateEnum
CREATE TYPE "SyncKind" AS ENUM ('full', 'ingest', 'live', 'apply', 'submit');

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('info', 'warning', 'critical');

-- CreateEnum
CREATE TYPE "AlertState" AS ENUM ('open', 'acknowledged', 'resolved');

-- CreateEnum
CREATE TYPE "ChangeSetStatus" AS ENUM ('pending', 'submitting', 'submitted', 'merged', 'closed', 'failed', 'reverted');

-- CreateEnum
CREATE TYPE "SubmitMode" AS ENUM ('push', 'pull_request', 'direct');

-- CreateEnum
CREATE TYPE "ChangeAction" AS ENUM ('create', 'update', 'delete');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "lastLoginAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "success" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GitRepository" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "branch" TEXT NOT NULL DEFAULT 'main',
    "authType" "GitAuthType" NOT NULL DEFAULT 'none',
    "username" TEXT,
    "passwordEncrypted" TEXT,
    "tokenEncrypted" TEXT,
    "caCert" TEXT,
    "apiUrl" TEXT,
    "status" "ConnectionStatus" NOT NULL DEFAULT 'unknown',
    "statusMessage" TEXT,
    "lastTestedAt" TIMESTAMPTZ(3),
    "headCommit" TEXT,
    "lastFetchedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "GitRepository_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Fabric" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "kubernetesServer" TEXT,
    "kubernetesTokenEncrypted" TEXT,
    "kubernetesCaCert" TEXT,
    "kubernetesNamespace" TEXT NOT NULL DEFAULT 'default',
    "gitRepositoryId" TEXT,
    "gitPath" TEXT NOT NULL DEFAULT '',
    "gitBranch" TEXT,
    "applyMode" "ApplyMode" NOT NULL DEFAULT 'gitops',
    "syncEnabled" BOOLEAN NOT NULL DEFAULT true,
    "syncIntervalSeconds" INTEGER NOT NULL DEFAULT 300,
    "managementPolicy" JSONB NOT NULL DEFAULT '{}',
    "allowObservedEdits" BOOLEAN NOT NULL DEFAULT false,
    "selfHeal" BOOLEAN NOT NULL DEFAULT false,
    "fabricConfig" JSONB NOT NULL DEFAULT '{}',
    "simulated" BOOLEAN NOT NULL DEFAULT false,
    "connectionStatus" "ConnectionStatus" NOT NULL DEFAULT 'unknown',
    "connectionMessage" TEXT,
    "connectionCheckedAt" TIMESTAMPTZ(3),
    "connectionLatencyMs" INTEGER,
    "serverVersion" TEXT,
    "credentialsExpired" BOOLEAN NOT NULL DEFAULT false,
    "breakerState" "BreakerState" NOT NULL DEFAULT 'closed',
    "breakerFailures" INTEGER NOT NULL DEFAULT 0,
    "breakerOpenedAt" TIMESTAMPTZ(3),
    "lastSyncStatus" "OperationStatus",
    "lastSyncAt" TIMESTAMPTZ(3),
    "lastSyncError" TEXT,
    "nextSyncAt" TIMESTAMPTZ(3),
    "lastIngestCommit" TEXT,
    "lastIngestAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Fabric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HedgehogResource" (
    "id" TEXT NOT NULL,
    "fabricId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "apiVersion" TEXT NOT NULL,
    "namespace" TEXT NOT NULL DEFAULT 'default',
    "name" TEXT NOT NULL,
    "desired" JSONB,
    "git" JSONB,
    "live" JSONB,
    "desiredHash" TEXT,
    "gitHash" TEXT,
    "liveHash" TEXT,
    "state" "LifecycleState" NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "gitFilePath" TEXT,
    "gitDocumentIndex" INTEGER,
    "gitCommit" TEXT,
    "liveResourceVersion" TEXT,
    "liveSeenAt" TIMESTAMPTZ(3),
    "missingSince" TIMESTAMPTZ(3),
    "validationErrors" JSONB,
    "drift" JSONB,
    "labels" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "HedgehogResource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StateTransition" (
    "id" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "fabricId" TEXT NOT NULL,
    "fromState" "LifecycleState",
    "toState" "LifecycleState" NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT,
    "jobId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StateTransition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GitFile" (
    "id" TEXT NOT NULL,
    "fabricId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "blobSha" TEXT NOT NULL,
    "commit" TEXT NOT NULL,
    "objects" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "GitFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncOperation" (
    "id" TEXT NOT NULL,
    "fabricId" TEXT NOT NULL,
    "kind" "SyncKind" NOT NULL DEFAULT 'full',
    "status" "OperationStatus" NOT NULL DEFAULT 'queued',
    "trigger" TEXT NOT NULL DEFAULT 'manual',
    "requestedBy" TEXT,
    "runId" TEXT,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "counts" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncOperation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncStep" (
    "id" TEXT NOT NULL,
    "operationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "status" "OperationStatus" NOT NULL DEFAULT 'queued',
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "counts" JSONB,
    "error" TEXT,

    CONSTRAINT "SyncStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL,
    "fabricId" TEXT,
    "type" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "state" "AlertState" NOT NULL DEFAULT 'open',
    "title" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "resourceKind" TEXT,
    "resourceName" TEXT,
    "details" JSONB,
    "count" INTEGER NOT NULL DEFAULT 1,
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedBy" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedBy" TEXT,
    "lastNotifiedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertEvent" (
    "id" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT,
    "comment" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL,
    "fabricId" TEXT,
    "url" TEXT NOT NULL,
    "secretEncrypted" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "suppressWindowSeconds" INTEGER NOT NULL DEFAULT 3600,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeSet" (
    "id" TEXT NOT NULL,
    "fabricId" TEXT NOT NULL,
    "status" "ChangeSetStatus" NOT NULL DEFAULT 'pending',
    "mode" "SubmitMode",
    "message" TEXT,
    "createdBy" TEXT,
    "submittedBy" TEXT,
    "submittedAt" TIMESTAMPTZ(3),
    "commitSha" TEXT,
    "branch" TEXT,
    "pullRequestNumber" INTEGER,
    "pullRequestUrl" TEXT,
    "pullRequestState" TEXT,
    "error" TEXT,
    "revertOfId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChangeSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeSetItem" (
    "id" TEXT NOT NULL,
    "changeSetId" TEXT NOT NULL,
    "resourceId" TEXT,
    "kind" TEXT NOT NULL,
    "namespace" TEXT NOT NULL DEFAULT 'default',
    "name" TEXT NOT NULL,
    "action" "ChangeAction" NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "baseGitHash" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChangeSetItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IgnoreRule" (
    "id" TEXT NOT NULL,
    "fabricId" TEXT,
    "kind" TEXT,
    "path" TEXT NOT NULL,
    "reason" TEXT,
    "createdBy" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IgnoreRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" TEXT NOT NULL,
    "actor" TEXT,
    "actorType" TEXT NOT NULL DEFAULT 'user',
    "action" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "objectId" TEXT,
    "objectName" TEXT,
    "fabricId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowEvent" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkflowEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowRun" (
    "id" TEXT NOT NULL,
    "functionId" TEXT NOT NULL,
    "eventId" TEXT,
    "event" JSONB NOT NULL,
    "concurrencyKey" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "status" "OperationStatus" NOT NULL DEFAULT 'queued',
    "steps" JSONB NOT NULL DEFAULT '{}',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "output" JSONB,
    "error" TEXT,
    "runAfter" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WorkflowRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");

-- CreateIndex
CREATE INDEX "LoginAttempt_username_ip_createdAt_idx" ON "LoginAttempt"("username", "ip", "createdAt");

-- CreateIndex
CREATE INDEX "LoginAttempt_createdAt_idx" ON "LoginAttempt"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "GitRepository_name_key" ON "GitRepository"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Fabric_name_key" ON "Fabric"("name");

-- CreateIndex
CREATE INDEX "Fabric_syncEnabled_nextSyncAt_idx" ON "Fabric"("syncEnabled", "nextSyncAt");

-- CreateIndex
CREATE INDEX "HedgehogResource_fabricId_kind_name_idx" ON "HedgehogResource"("fabricId", "kind", "name");

-- CreateIndex
CREATE INDEX "HedgehogResource_fabricId_state_idx" ON "HedgehogResource"("fabricId", "state");

-- CreateIndex
CREATE INDEX "HedgehogResource_fabricId_name_idx" ON "HedgehogResource"("fabricId", "name");

-- CreateIndex
CREATE INDEX "HedgehogResource_fabricId_gitFilePath_idx" ON "HedgehogResource"("fabricId", "gitFilePath");

-- CreateIndex
CREATE UNIQUE INDEX "HedgehogResource_fabricId_kind_namespace_name_key" ON "HedgehogResource"("fabricId", "kind", "namespace", "name");

-- CreateIndex
CREATE INDEX "StateTransition_resourceId_createdAt_idx" ON "StateTransition"("resourceId", "createdAt");

-- CreateIndex
CREATE INDEX "StateTransition_fabricId_createdAt_idx" ON "StateTransition"("fabricId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "GitFile_fabricId_path_key" ON "GitFile"("fabricId", "path");

-- CreateIndex
CREATE INDEX "SyncOperation_fabricId_createdAt_idx" ON "SyncOperation"("fabricId", "createdAt");

-- CreateIndex
CREATE INDEX "SyncOperation_status_idx" ON "SyncOperation"("status");

-- CreateIndex
CREATE UNIQUE INDEX "SyncStep_operationId_name_key" ON "SyncStep"("operationId", "name");

-- CreateIndex
CREATE INDEX "Alert_fingerprint_state_idx" ON "Alert"("fingerprint", "state");

-- CreateIndex
CREATE INDEX "Alert_fabricId_state_idx" ON "Alert"("fabricId", "state");

-- CreateIndex
CREATE INDEX "Alert_state_severity_idx" ON "Alert"("state", "severity");

-- CreateIndex
CREATE INDEX "AlertEvent_alertId_createdAt_idx" ON "AlertEvent"("alertId", "createdAt");

-- CreateIndex
CREATE INDEX "ChangeSet_fabricId_status_idx" ON "ChangeSet"("fabricId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ChangeSetItem_changeSetId_kind_namespace_name_key" ON "ChangeSetItem"("changeSetId", "kind", "namespace", "name");

-- CreateIndex
CREATE INDEX "IgnoreRule_fabricId_idx" ON "IgnoreRule"("fabricId");

-- CreateIndex
CREATE INDEX "AuditLog_createdAt_idx" ON "AuditLog"("createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_actor_createdAt_idx" ON "AuditLog"("actor", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_objectType_objectId_idx" ON "AuditLog"("objectType", "objectId");

-- CreateIndex
CREATE INDEX "WorkflowEvent_name_createdAt_idx" ON "WorkflowEvent"("name", "createdAt");

-- CreateIndex
CREATE INDEX "WorkflowRun_status_runAfter_idx" ON "WorkflowRun"("status", "runAfter");

-- CreateIndex
CREATE INDEX "WorkflowRun_functionId_concurrencyKey_status_idx" ON "WorkflowRun"("functionId", "concurrencyKey", "status");

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fabric" ADD CONSTRAINT "Fabric_gitRepositoryId_fkey" FOREIGN KEY ("gitRepositoryId") REFERENCES "GitRepository"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HedgehogResource" ADD CONSTRAINT "HedgehogResource_fabricId_fkey" FOREIGN KEY ("fabricId") REFERENCES "Fabric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StateTransition" ADD CONSTRAINT "StateTransition_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "HedgehogResource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GitFile" ADD CONSTRAINT "GitFile_fabricId_fkey" FOREIGN KEY ("fabricId") REFERENCES "Fabric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncOperation" ADD CONSTRAINT "SyncOperation_fabricId_fkey" FOREIGN KEY ("fabricId") REFERENCES "Fabric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncStep" ADD CONSTRAINT "SyncStep_operationId_fkey" FOREIGN KEY ("operationId") REFERENCES "SyncOperation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_fabricId_fkey" FOREIGN KEY ("fabricId") REFERENCES "Fabric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_fabricId_fkey" FOREIGN KEY ("fabricId") REFERENCES "Fabric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeSet" ADD CONSTRAINT "ChangeSet_fabricId_fkey" FOREIGN KEY ("fabricId") REFERENCES "Fabric"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeSetItem" ADD CONSTRAINT "ChangeSetItem_changeSetId_fkey" FOREIGN KEY ("changeSetId") REFERENCES "ChangeSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeSetItem" ADD CONSTRAINT "ChangeSetItem_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "HedgehogResource"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IgnoreRule" ADD CONSTRAINT "IgnoreRule_fabricId_fkey" FOREIGN KEY ("fabricId") REFERENCES "Fabric"("id") ON DELETE CASCADE ON UPDATE CASCADE;
