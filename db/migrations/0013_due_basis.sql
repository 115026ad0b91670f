ALTER TABLE "loan_list_figures" ADD COLUMN "days_past_due" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "loan_projections" ADD COLUMN "due_basis" jsonb;--> statement-breakpoint
ALTER TABLE "loan_projections" ADD COLUMN "delinquent_since" date;--> statement-breakpoint
ALTER TABLE "loan_snapshots" ADD COLUMN "due_basis" jsonb;--> statement-breakpoint
CREATE INDEX "loan_list_figures_days_past_due_idx" ON "loan_list_figures" USING btree ("as_of","days_past_due");--> statement-breakpoint
CREATE INDEX "loan_projections_delinquent_since_idx" ON "loan_projections" USING btree ("delinquent_since");