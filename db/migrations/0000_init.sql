CREATE TYPE "public"."event_type" AS ENUM('origination', 'disbursement', 'payment', 'interest_accrual', 'fee_assessment', 'fee_waiver', 'modification', 'forbearance_start', 'forbearance_end', 'deferment', 'charge_off', 'reversal');--> statement-breakpoint
CREATE TABLE "borrowers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "borrowers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "loan_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"loan_id" bigint NOT NULL,
	"sequence_number" integer NOT NULL,
	"event_type" "event_type" NOT NULL,
	"event_data" jsonb NOT NULL,
	"effective_date" date NOT NULL,
	"recorded_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"recorded_by" text NOT NULL,
	CONSTRAINT "loan_events_loan_sequence_unique" UNIQUE("loan_id","sequence_number"),
	CONSTRAINT "loan_events_sequence_positive" CHECK ("loan_events"."sequence_number" > 0),
	CONSTRAINT "loan_events_data_is_object" CHECK (jsonb_typeof("loan_events"."event_data") = 'object')
);
--> statement-breakpoint
CREATE TABLE "loans" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "loans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"loan_number" text NOT NULL,
	"borrower_id" bigint NOT NULL,
	"product" text DEFAULT 'standard' NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loans_loan_number_unique" UNIQUE("loan_number"),
	CONSTRAINT "loans_loan_number_format" CHECK ("loans"."loan_number" ~ '^LN-[0-9]{6,}$')
);
--> statement-breakpoint
ALTER TABLE "loan_events" ADD CONSTRAINT "loan_events_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_borrower_id_borrowers_id_fk" FOREIGN KEY ("borrower_id") REFERENCES "public"."borrowers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loan_events_effective_date_idx" ON "loan_events" USING btree ("effective_date");--> statement-breakpoint
CREATE INDEX "loan_events_recorded_at_idx" ON "loan_events" USING btree ("recorded_at");--> statement-breakpoint
CREATE INDEX "loans_borrower_id_idx" ON "loans" USING btree ("borrower_id");