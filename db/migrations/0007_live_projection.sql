CREATE TABLE "loan_projections" (
	"loan_id" bigint PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"principal" numeric(24, 6) NOT NULL,
	"interest" numeric(24, 6) NOT NULL,
	"fees" numeric(24, 6) NOT NULL,
	"total_outstanding" numeric(24, 6) NOT NULL,
	"last_event_date" date,
	"through_sequence" integer NOT NULL,
	"last_hash" text,
	"max_recorded_at" timestamp(3) with time zone,
	"state" jsonb NOT NULL,
	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "loan_projections" ADD CONSTRAINT "loan_projections_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loan_projections_status_idx" ON "loan_projections" USING btree ("status");--> statement-breakpoint
CREATE INDEX "loan_projections_total_idx" ON "loan_projections" USING btree ("total_outstanding");--> statement-breakpoint
CREATE INDEX "loan_projections_last_event_idx" ON "loan_projections" USING btree ("last_event_date");--> statement-breakpoint
-- Snapshot format 2 carries the write-side facts; older snapshots are a cache
-- that the append path and `cli snapshots rebuild` write again.
DELETE FROM "loan_snapshots";
