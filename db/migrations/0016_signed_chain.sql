ALTER TABLE "loan_events" ADD COLUMN "key_id" text;--> statement-breakpoint
ALTER TABLE "loan_events" ADD COLUMN "signature" text;--> statement-breakpoint
ALTER TABLE "loan_projections" ADD COLUMN "seal" text;--> statement-breakpoint
ALTER TABLE "loan_projections" ADD COLUMN "payments_seal" text;--> statement-breakpoint
ALTER TABLE "loan_snapshots" ADD COLUMN "last_hash" text;--> statement-breakpoint
ALTER TABLE "loan_snapshots" ADD COLUMN "seal" text;--> statement-breakpoint
-- Events stay immutable; the one change allowed is sealing a row that has no
-- signature yet (`cli seal`): key_id and signature filled once, and hash and
-- prev_hash filled too when they were missing (unchanged when present);
-- nothing else.
CREATE OR REPLACE FUNCTION loan_events_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.signature IS NULL AND OLD.key_id IS NULL
       AND NEW.signature IS NOT NULL AND NEW.key_id IS NOT NULL AND NEW.hash IS NOT NULL
       AND (OLD.hash IS NULL AND OLD.prev_hash IS NULL
            OR (NEW.hash, NEW.prev_hash) IS NOT DISTINCT FROM (OLD.hash, OLD.prev_hash))
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
