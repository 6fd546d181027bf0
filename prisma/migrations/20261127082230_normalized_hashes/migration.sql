-- AlterTable
ALTER TABLE "HedgehogResource" ADD COLUMN     "gitNormHash" TEXT,
ADD COLUMN     "liveNormHash" TEXT;
