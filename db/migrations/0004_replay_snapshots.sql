CREATE TABLE "loan_snapshots" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "loan_snapshots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"loan_id" bigint NOT NULL,
	"as_of_date" date NOT NULL,
	"through_sequence" integer NOT NULL,
	"max_recorded_at" timestamp(3) with time zone,
	"state" jsonb NOT NULL,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"invalidated_at" timestamp(3) with time zone
);
--> statement-breakpoint
ALTER TABLE "loan_snapshots" ADD CONSTRAINT "loan_snapshots_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loan_snapshots_lookup_idx" ON "loan_snapshots" USING btree ("loan_id","as_of_date");--> statement-breakpoint
CREATE INDEX "loan_events_loan_effective_idx" ON "loan_events" USING btree ("loan_id","effective_date","sequence_number");