-- AlterTable
ALTER TABLE "disputes" ADD COLUMN     "evidence_draft" JSONB,
ADD COLUMN     "evidence_saved_at" TIMESTAMPTZ(3),
ADD COLUMN     "evidence_submitted_at" TIMESTAMPTZ(3),
ADD COLUMN     "evidence_submitted_by_id" UUID;

-- CreateIndex
CREATE INDEX "disputes_evidence_due_by_idx" ON "disputes"("evidence_due_by");
