CREATE TABLE "batch_runs" (
	"key" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb NOT NULL,
	"shards" integer NOT NULL,
	"started_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp(3) with time zone,
	"result" jsonb
);
--> statement-breakpoint
CREATE TABLE "batch_shards" (
	"run_key" text NOT NULL,
	"shard" integer NOT NULL,
	"from_loan_id" bigint NOT NULL,
	"to_loan_id" bigint NOT NULL,
	"loans" integer NOT NULL,
	"loans_done" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"done_at" timestamp(3) with time zone,
	"result" jsonb,
	CONSTRAINT "batch_shards_run_key_shard_pk" PRIMARY KEY("run_key","shard")
);
--> statement-breakpoint
ALTER TABLE "batch_shards" ADD CONSTRAINT "batch_shards_run_key_batch_runs_key_fk" FOREIGN KEY ("run_key") REFERENCES "public"."batch_runs"("key") ON DELETE cascade ON UPDATE no action;