-- AlterEnum
ALTER TYPE "OrderStatus" ADD VALUE 'expired';

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "cancel_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "cancel_payment_intent_at" TIMESTAMPTZ(3),
ADD COLUMN     "expired_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "orders_cancel_payment_intent_at_idx" ON "orders"("cancel_payment_intent_at");
