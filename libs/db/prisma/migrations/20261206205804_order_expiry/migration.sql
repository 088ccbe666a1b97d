-- AlterEnum
ALTER TYPE "OrderStatus" ADD VALUE 'expired';

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "expired_at" TIMESTAMPTZ(3),
ADD COLUMN     "payment_cancel_pending" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "orders_payment_cancel_pending_idx" ON "orders"("payment_cancel_pending");
