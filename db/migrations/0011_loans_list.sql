CREATE TABLE "loan_list_coverage" (
	"id" integer PRIMARY KEY NOT NULL,
	"event_id" bigint NOT NULL,
	"loan_id" bigint NOT NULL,
	"swept_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "loan_list_coverage_single_row" CHECK ("loan_list_coverage"."id" = 1)
);
