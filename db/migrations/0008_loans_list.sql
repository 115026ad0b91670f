CREATE TABLE "loan_list_dates" (
	"as_of" date PRIMARY KEY NOT NULL,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp(3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_list_figures" (
	"as_of" date NOT NULL,
	"loan_id" bigint NOT NULL,
	"through_sequence" integer NOT NULL,
	"status" text NOT NULL,
	"principal" numeric(24, 6) NOT NULL,
	"interest" numeric(24, 6) NOT NULL,
	"fees" numeric(24, 6) NOT NULL,
	"total_outstanding" numeric(24, 6) NOT NULL,
	"last_event_date" date,
	"computed_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loan_list_figures_as_of_loan_id_pk" PRIMARY KEY("as_of","loan_id")
);
--> statement-breakpoint
CREATE TABLE "loan_list_worker" (
	"id" integer PRIMARY KEY NOT NULL,
	"job" text NOT NULL,
	"owner" text NOT NULL,
	"lease_until" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "loan_list_worker_single_row" CHECK ("loan_list_worker"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "loan_list_figures" ADD CONSTRAINT "loan_list_figures_as_of_loan_list_dates_as_of_fk" FOREIGN KEY ("as_of") REFERENCES "public"."loan_list_dates"("as_of") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_list_figures" ADD CONSTRAINT "loan_list_figures_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loan_list_figures_status_idx" ON "loan_list_figures" USING btree ("as_of","status");--> statement-breakpoint
CREATE INDEX "loan_list_figures_total_idx" ON "loan_list_figures" USING btree ("as_of","total_outstanding");--> statement-breakpoint
CREATE INDEX "borrowers_name_search_idx" ON "borrowers" USING gin (to_tsvector('simple', lower(regexp_replace(normalize("name", NFD), '[\u0027\u2019\u0300-\u036f]', '', 'g'))));--> statement-breakpoint
CREATE INDEX "loans_number_value_idx" ON "loans" USING btree ((substring("loan_number" from 4)::numeric));