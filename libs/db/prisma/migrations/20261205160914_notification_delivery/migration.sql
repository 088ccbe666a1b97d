-- AlterEnum
ALTER TYPE "OutboxStatus" ADD VALUE 'dead';

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "locale" VARCHAR(8) NOT NULL DEFAULT 'en';

-- AlterTable
ALTER TABLE "outbox_messages" ADD COLUMN     "last_attempt_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_error" TEXT,
ADD COLUMN     "locked_by" TEXT,
ADD COLUMN     "locked_until" TIMESTAMPTZ(3),
ADD COLUMN     "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "recipient" TEXT;

-- CreateIndex
CREATE INDEX "outbox_messages_next_attempt_at_idx" ON "outbox_messages"("next_attempt_at");

-- CreateIndex
CREATE INDEX "outbox_messages_order_id_idx" ON "outbox_messages"("order_id");
