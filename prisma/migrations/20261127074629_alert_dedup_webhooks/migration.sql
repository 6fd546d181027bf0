-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "openKey" TEXT;

-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "lastDeliveryAt" TIMESTAMPTZ(3),
ADD COLUMN     "lastDeliveryError" TEXT,
ADD COLUMN     "lastDeliveryStatus" TEXT,
ADD COLUMN     "minSeverity" "AlertSeverity" NOT NULL DEFAULT 'info',
ADD COLUMN     "name" TEXT;

-- CreateTable
CREATE TABLE "WebhookNotification" (
    "endpointId" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "lastSentAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WebhookNotification_pkey" PRIMARY KEY ("endpointId","fingerprint")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "responseStatus" INTEGER,
    "error" TEXT,
    "alertCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_createdAt_idx" ON "WebhookDelivery"("endpointId", "createdAt");

-- Backfill: the newest unresolved alert of each fingerprint holds its openKey. Older duplicates, if any, keep a null
-- openKey and are resolved by hand or by the engine.
UPDATE "Alert" AS a SET "openKey" = a."fingerprint"
WHERE a."state" IN ('open', 'acknowledged')
  AND a."id" = (SELECT b."id" FROM "Alert" AS b WHERE b."fingerprint" = a."fingerprint" AND b."state" IN ('open', 'acknowledged')
                ORDER BY b."firstSeenAt" DESC, b."id" DESC LIMIT 1);

-- CreateIndex
CREATE UNIQUE INDEX "Alert_openKey_key" ON "Alert"("openKey");

-- CreateIndex
CREATE INDEX "WebhookEndpoint_fabricId_idx" ON "WebhookEndpoint"("fabricId");

-- AddForeignKey
ALTER TABLE "WebhookNotification" ADD CONSTRAINT "WebhookNotification_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;
