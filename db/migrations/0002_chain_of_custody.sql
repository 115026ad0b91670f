CREATE TABLE "row_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "row_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"table_name" text NOT NULL,
	"row_id" bigint NOT NULL,
	"operation" text NOT NULL,
	"old_row" jsonb,
	"new_row" jsonb,
	"changed_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	CONSTRAINT "row_history_operation" CHECK ("row_history"."operation" in ('INSERT', 'UPDATE', 'DELETE'))
);
--> statement-breakpoint
ALTER TABLE "loan_events" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "loan_events" ADD COLUMN "hash" text;--> statement-breakpoint
CREATE INDEX "row_history_row_idx" ON "row_history" USING btree ("table_name","row_id","id");--> statement-breakpoint
-- Events stay immutable; the one change allowed is sealing a row written
-- before the hash chain existed (hash and prev_hash filled once, nothing else).
CREATE OR REPLACE FUNCTION loan_events_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.hash IS NULL AND OLD.prev_hash IS NULL AND NEW.hash IS NOT NULL
       AND (NEW.id, NEW.loan_id, NEW.sequence_number, NEW.event_type, NEW.event_data,
            NEW.effective_date, NEW.recorded_at, NEW.recorded_by)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.loan_id, OLD.sequence_number, OLD.event_type, OLD.event_data,
            OLD.effective_date, OLD.recorded_at, OLD.recorded_by) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'loan_events is append-only: % is not allowed; record a correcting event instead', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE FUNCTION reject_history_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER row_history_no_update BEFORE UPDATE ON row_history
  FOR EACH ROW EXECUTE FUNCTION reject_history_change();
--> statement-breakpoint
CREATE TRIGGER row_history_no_delete BEFORE DELETE ON row_history
  FOR EACH ROW EXECUTE FUNCTION reject_history_change();
--> statement-breakpoint
CREATE TRIGGER row_history_no_truncate BEFORE TRUNCATE ON row_history
  FOR EACH STATEMENT EXECUTE FUNCTION reject_history_change();
--> statement-breakpoint
-- Row-level history: every insert, update and delete of a mutable table, with
-- the old and new row and the acting user set per transaction by the service
-- layer (set_config('app.actor', ..., true)); the database user otherwise.
CREATE FUNCTION record_row_history() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO row_history (table_name, row_id, operation, old_row, new_row, actor)
  VALUES (
    TG_TABLE_NAME,
    CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END,
    TG_OP,
    CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END,
    CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END,
    COALESCE(NULLIF(current_setting('app.actor', true), ''), session_user)
  );
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER loans_row_history AFTER INSERT OR UPDATE OR DELETE ON loans
  FOR EACH ROW EXECUTE FUNCTION record_row_history();
--> statement-breakpoint
CREATE TRIGGER borrowers_row_history AFTER INSERT OR UPDATE OR DELETE ON borrowers
  FOR EACH ROW EXECUTE FUNCTION record_row_history();
