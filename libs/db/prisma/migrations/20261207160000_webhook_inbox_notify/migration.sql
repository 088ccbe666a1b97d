-- Written by hand: every statement that adds events to the inbox (ingest's batched INSERT, a backfill) notifies the
-- `webhook_inbox` channel once, when it commits, so idle workers that LISTEN wake at once instead of at their next
-- poll. Statement-level: a batch of 200 rows is one notification; an INSERT … ON CONFLICT DO NOTHING that added
-- nothing notifies too (a worker then finds nothing, which is cheap). Prisma's schema cannot express triggers or
-- functions, so `migrate diff` ignores them and reports no drift.

-- CreateFunction
CREATE FUNCTION "webhook_inbox_notify"() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_notify('webhook_inbox', '');
    RETURN NULL;
END;
$$;

-- CreateTrigger
CREATE TRIGGER "webhook_inbox_notify"
AFTER INSERT ON "webhook_events"
FOR EACH STATEMENT EXECUTE FUNCTION "webhook_inbox_notify"();
