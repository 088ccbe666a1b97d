-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "erased_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "webhook_events" ADD COLUMN     "payload_redacted_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "orders_erased_at_idx" ON "orders"("erased_at");

-- CreateIndex
CREATE INDEX "webhook_events_payload_redacted_at_received_at_idx" ON "webhook_events"("payload_redacted_at", "received_at");
