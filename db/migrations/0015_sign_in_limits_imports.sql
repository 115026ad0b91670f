CREATE TABLE "staff_sign_in_clients" (
	"client" text PRIMARY KEY NOT NULL,
	"attempts" integer NOT NULL,
	"window_started_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_imports" (
	"import_key" text PRIMARY KEY NOT NULL,
	"loan_id" bigint NOT NULL,
	"imported_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "loan_imports" ADD CONSTRAINT "loan_imports_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_sign_in_clients_window_idx" ON "staff_sign_in_clients" USING btree ("window_started_at");--> statement-breakpoint
CREATE INDEX "loan_imports_loan_id_idx" ON "loan_imports" USING btree ("loan_id");--> statement-breakpoint
CREATE INDEX "staff_sign_in_failures_last_failed_at_idx" ON "staff_sign_in_failures" USING btree ("last_failed_at");