-- CreateIndex
CREATE INDEX "audit_log_target_id_idx" ON "audit_log"("target_id");

-- CreateIndex
CREATE INDEX "orders_currency_created_at_id_idx" ON "orders"("currency", "created_at", "id");

-- CreateIndex
CREATE INDEX "orders_amount_id_idx" ON "orders"("amount", "id");

-- CreateIndex
CREATE INDEX "orders_currency_amount_id_idx" ON "orders"("currency", "amount", "id");

-- CreateIndex
CREATE INDEX "webhook_events_status_received_at_idx" ON "webhook_events"("status", "received_at");


-- Exact, case-insensitive customer email search in the admin's payments explorer. An expression index, which
-- schema.prisma cannot describe (Prisma's diff ignores it).
CREATE INDEX "orders_lower_email_idx" ON "orders"(lower("email"));
