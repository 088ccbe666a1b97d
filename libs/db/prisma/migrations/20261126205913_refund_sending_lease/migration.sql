-- AlterTable
ALTER TABLE "refunds" ADD COLUMN     "sending_at" TIMESTAMPTZ(3);
