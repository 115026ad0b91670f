CREATE TABLE "saved_reports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "saved_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"as_of" date NOT NULL,
	"known_at" timestamp(3) with time zone NOT NULL,
	"generated_at" timestamp(3) with time zone NOT NULL,
	"generated_by" text NOT NULL,
	"engine_version" text NOT NULL,
	"high_water_event_id" bigint NOT NULL,
	"report" jsonb NOT NULL
);
--> statement-breakpoint
-- A filed report is evidence: it is never changed or removed.
CREATE TRIGGER saved_reports_no_update BEFORE UPDATE ON saved_reports
  FOR EACH ROW EXECUTE FUNCTION reject_history_change();
--> statement-breakpoint
CREATE TRIGGER saved_reports_no_delete BEFORE DELETE ON saved_reports
  FOR EACH ROW EXECUTE FUNCTION reject_history_change();
