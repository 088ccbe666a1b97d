-- AlterTable
ALTER TABLE "refunds" ADD COLUMN     "rejected_at" TIMESTAMPTZ(3),
ADD COLUMN     "rejected_by_id" UUID,
ADD COLUMN     "rejection_note" TEXT;

-- AlterTable
ALTER TABLE "staff_users" ADD COLUMN     "failed_login_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "locked_until" TIMESTAMPTZ(3);

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_rejected_by_id_fkey" FOREIGN KEY ("rejected_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
