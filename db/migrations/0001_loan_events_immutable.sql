-- Events are history: the database itself refuses to change or remove them.
-- Corrections are new events (reversal, fee_waiver, modification).
CREATE FUNCTION loan_events_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'loan_events is append-only: % is not allowed; record a correcting event instead', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER loan_events_no_update
  BEFORE UPDATE ON loan_events
  FOR EACH ROW EXECUTE FUNCTION loan_events_reject_change();
--> statement-breakpoint
CREATE TRIGGER loan_events_no_delete
  BEFORE DELETE ON loan_events
  FOR EACH ROW EXECUTE FUNCTION loan_events_reject_change();
--> statement-breakpoint
CREATE TRIGGER loan_events_no_truncate
  BEFORE TRUNCATE ON loan_events
  FOR EACH STATEMENT EXECUTE FUNCTION loan_events_reject_change();
