-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "risk_score" INTEGER;

-- CreateTable
CREATE TABLE "reviews" (
    "id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "stripe_review_id" TEXT NOT NULL,
    "open" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "opened_reason" TEXT,
    "closed_reason" TEXT,
    "decision" TEXT,
    "decided_by_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "last_stripe_event_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "early_fraud_warnings" (
    "id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "stripe_warning_id" TEXT NOT NULL,
    "fraud_type" TEXT NOT NULL,
    "actionable" BOOLEAN NOT NULL,
    "last_stripe_event_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "early_fraud_warnings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reviews_stripe_review_id_key" ON "reviews"("stripe_review_id");

-- CreateIndex
CREATE INDEX "reviews_payment_id_idx" ON "reviews"("payment_id");

-- CreateIndex
CREATE INDEX "reviews_open_created_at_idx" ON "reviews"("open", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "early_fraud_warnings_stripe_warning_id_key" ON "early_fraud_warnings"("stripe_warning_id");

-- CreateIndex
CREATE INDEX "early_fraud_warnings_payment_id_idx" ON "early_fraud_warnings"("payment_id");

-- CreateIndex
CREATE INDEX "early_fraud_warnings_actionable_created_at_idx" ON "early_fraud_warnings"("actionable", "created_at");

-- AddForeignKey
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "early_fraud_warnings" ADD CONSTRAINT "early_fraud_warnings_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
