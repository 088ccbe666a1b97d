-- Written by hand: audit_log is append-only. Rows can be inserted, never updated, deleted or truncated away.
-- Prisma's schema cannot express triggers or functions, so `migrate diff` ignores them and reports no drift.

-- CreateFunction
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only'
        USING DETAIL = TG_OP || ' on audit_log is not allowed.';
END;
$$;

-- CreateTrigger
CREATE TRIGGER "audit_log_append_only"
BEFORE UPDATE OR DELETE ON "audit_log"
FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();

-- CreateTrigger
CREATE TRIGGER "audit_log_no_truncate"
BEFORE TRUNCATE ON "audit_log"
FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();
