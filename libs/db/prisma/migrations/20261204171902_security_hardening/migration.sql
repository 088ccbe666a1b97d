-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "livemode" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "payment_intent_id" TEXT;

-- Data: each existing order's PaymentIntent is the one its checkout recorded first.
UPDATE "orders" o SET "payment_intent_id" = (
  SELECT p."stripe_payment_intent_id" FROM "payments" p WHERE p."order_id" = o."id" ORDER BY p."created_at", p."id" LIMIT 1
);

-- AlterTable
ALTER TABLE "staff_sessions" ADD COLUMN     "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "staff_users" DROP COLUMN "failed_login_count",
DROP COLUMN "locked_until",
ADD COLUMN     "created_by_id" UUID,
ADD COLUMN     "must_change_password" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "password_changed_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "webhook_rejection_counts" (
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "webhook_rejection_counts_pkey" PRIMARY KEY ("bucket_start","reason")
);

-- Data: the refused requests recorded one row each become per-minute counts, then the old table goes.
INSERT INTO "webhook_rejection_counts" ("bucket_start", "reason", "count")
SELECT date_trunc('minute', "received_at"), "reason", count(*)::int FROM "webhook_rejections" GROUP BY 1, 2;

-- DropTable
DROP TABLE "webhook_rejections";

-- CreateTable
CREATE TABLE "payment_anomalies" (
    "id" UUID NOT NULL,
    "order_id" UUID,
    "stripe_payment_intent_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "stripe_event_id" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "detected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_anomalies_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payment_anomalies_order_id_idx" ON "payment_anomalies"("order_id");

-- CreateIndex
CREATE INDEX "payment_anomalies_detected_at_idx" ON "payment_anomalies"("detected_at");

-- CreateIndex
CREATE UNIQUE INDEX "payment_anomalies_stripe_payment_intent_id_kind_key" ON "payment_anomalies"("stripe_payment_intent_id", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "orders_payment_intent_id_key" ON "orders"("payment_intent_id");

-- CreateIndex
CREATE INDEX "staff_sessions_expires_at_idx" ON "staff_sessions"("expires_at");

-- AddForeignKey
ALTER TABLE "payment_anomalies" ADD CONSTRAINT "payment_anomalies_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
