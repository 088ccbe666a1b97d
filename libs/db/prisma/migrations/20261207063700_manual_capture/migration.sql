-- CreateEnum
CREATE TYPE "CaptureMethod" AS ENUM ('automatic', 'manual');

-- CreateEnum
CREATE TYPE "AuthorizationActionKind" AS ENUM ('capture', 'cancel');

-- CreateEnum
CREATE TYPE "AuthorizationActionStatus" AS ENUM ('pending', 'succeeded', 'failed');

-- AlterEnum
ALTER TYPE "OrderStatus" ADD VALUE 'authorized';

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "capture_method" "CaptureMethod" NOT NULL DEFAULT 'automatic';

-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "authorized_at" TIMESTAMPTZ(3),
ADD COLUMN     "capture_before" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "authorization_actions" (
    "id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "kind" "AuthorizationActionKind" NOT NULL,
    "amount" INTEGER NOT NULL,
    "status" "AuthorizationActionStatus" NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "note" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "requested_by_id" UUID,
    "failure_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "authorization_actions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "authorization_actions_idempotency_key_key" ON "authorization_actions"("idempotency_key");

-- CreateIndex
CREATE INDEX "authorization_actions_payment_id_idx" ON "authorization_actions"("payment_id");

-- CreateIndex
CREATE INDEX "authorization_actions_status_created_at_idx" ON "authorization_actions"("status", "created_at");

-- CreateIndex
CREATE INDEX "payments_status_capture_before_idx" ON "payments"("status", "capture_before");

-- AddForeignKey
ALTER TABLE "authorization_actions" ADD CONSTRAINT "authorization_actions_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "authorization_actions" ADD CONSTRAINT "authorization_actions_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
