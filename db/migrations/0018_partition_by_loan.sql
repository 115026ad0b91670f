-- Issue 16: loan_events, loan_snapshots and loan_projections hash-partitioned
-- by loan_id, 16 partitions each (<table>_p00 .. <table>_p15), with loan_id in
-- every unique key (a later move to distributed Postgres, e.g. Citus with
-- loan_id as the distribution column, needs no schema change). drizzle-kit
-- does not declare partitions: this migration is written by hand; the drizzle
-- snapshot only records the composite primary keys (loan_id, id).
--
-- Each table is moved aside, recreated partitioned with the same columns,
-- constraints, indexes and triggers, refilled (ids kept), and the old one
-- dropped. Indexes on the partitions are named <parent index>_pNN, so a plan
-- names the index it uses. TRUNCATE triggers are per table in Postgres (a
-- partition can be truncated on its own), so every partition of loan_events
-- gets the append-only TRUNCATE trigger too; row triggers are inherited.

-- loan_events ---------------------------------------------------------------
ALTER TABLE "loan_events" RENAME TO "loan_events_unpartitioned";--> statement-breakpoint
ALTER INDEX "loan_events_pkey" RENAME TO "loan_events_unpartitioned_pkey";--> statement-breakpoint
ALTER INDEX "loan_events_loan_sequence_unique" RENAME TO "loan_events_unpartitioned_loan_sequence_unique";--> statement-breakpoint
ALTER INDEX "loan_events_effective_date_idx" RENAME TO "loan_events_unpartitioned_effective_date_idx";--> statement-breakpoint
ALTER INDEX "loan_events_recorded_at_idx" RENAME TO "loan_events_unpartitioned_recorded_at_idx";--> statement-breakpoint
ALTER INDEX "loan_events_loan_effective_idx" RENAME TO "loan_events_unpartitioned_loan_effective_idx";--> statement-breakpoint
ALTER INDEX "loan_events_unsealed_idx" RENAME TO "loan_events_unpartitioned_unsealed_idx";--> statement-breakpoint
ALTER SEQUENCE "loan_events_id_seq" RENAME TO "loan_events_unpartitioned_id_seq";--> statement-breakpoint
CREATE TABLE "loan_events" (LIKE "loan_events_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE) PARTITION BY HASH ("loan_id");--> statement-breakpoint
ALTER TABLE "loan_events" ALTER COLUMN "id" ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME "loan_events_id_seq");--> statement-breakpoint

-- loan_snapshots ------------------------------------------------------------
ALTER TABLE "loan_snapshots" RENAME TO "loan_snapshots_unpartitioned";--> statement-breakpoint
ALTER INDEX "loan_snapshots_pkey" RENAME TO "loan_snapshots_unpartitioned_pkey";--> statement-breakpoint
ALTER INDEX "loan_snapshots_lookup_idx" RENAME TO "loan_snapshots_unpartitioned_lookup_idx";--> statement-breakpoint
ALTER SEQUENCE "loan_snapshots_id_seq" RENAME TO "loan_snapshots_unpartitioned_id_seq";--> statement-breakpoint
CREATE TABLE "loan_snapshots" (LIKE "loan_snapshots_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE) PARTITION BY HASH ("loan_id");--> statement-breakpoint
ALTER TABLE "loan_snapshots" ALTER COLUMN "id" ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME "loan_snapshots_id_seq");--> statement-breakpoint

-- loan_projections ----------------------------------------------------------
ALTER TABLE "loan_projections" RENAME TO "loan_projections_unpartitioned";--> statement-breakpoint
ALTER INDEX "loan_projections_pkey" RENAME TO "loan_projections_unpartitioned_pkey";--> statement-breakpoint
ALTER INDEX "loan_projections_status_idx" RENAME TO "loan_projections_unpartitioned_status_idx";--> statement-breakpoint
ALTER INDEX "loan_projections_total_idx" RENAME TO "loan_projections_unpartitioned_total_idx";--> statement-breakpoint
ALTER INDEX "loan_projections_last_event_idx" RENAME TO "loan_projections_unpartitioned_last_event_idx";--> statement-breakpoint
ALTER INDEX "loan_projections_delinquent_since_idx" RENAME TO "loan_projections_unpartitioned_delinquent_since_idx";--> statement-breakpoint
CREATE TABLE "loan_projections" (LIKE "loan_projections_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE) PARTITION BY HASH ("loan_id");--> statement-breakpoint

-- 16 partitions each; the projections' TOAST settings (migration 0012) per partition.
DO $$
DECLARE
  t text;
  i int;
BEGIN
  FOREACH t IN ARRAY ARRAY['loan_events', 'loan_snapshots', 'loan_projections'] LOOP
    FOR i IN 0..15 LOOP
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS 16, REMAINDER %s)',
                     t || '_p' || lpad(i::text, 2, '0'), t, i);
    END LOOP;
  END LOOP;
  FOR i IN 0..15 LOOP
    EXECUTE format('ALTER TABLE %I SET (toast_tuple_target = 128)', 'loan_projections_p' || lpad(i::text, 2, '0'));
  END LOOP;
END $$;--> statement-breakpoint
ALTER TABLE "loan_projections" ALTER COLUMN "state" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "loan_projections" ALTER COLUMN "payments" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "loan_projections" ALTER COLUMN "due_basis" SET STORAGE EXTERNAL;--> statement-breakpoint

-- The rows, ids kept; the identity sequences continue after them.
INSERT INTO "loan_events" OVERRIDING SYSTEM VALUE SELECT * FROM "loan_events_unpartitioned";--> statement-breakpoint
INSERT INTO "loan_snapshots" OVERRIDING SYSTEM VALUE SELECT * FROM "loan_snapshots_unpartitioned";--> statement-breakpoint
INSERT INTO "loan_projections" SELECT * FROM "loan_projections_unpartitioned";--> statement-breakpoint
SELECT setval('loan_events_id_seq', coalesce((SELECT max(id) FROM "loan_events"), 0) + 1, false);--> statement-breakpoint
SELECT setval('loan_snapshots_id_seq', coalesce((SELECT max(id) FROM "loan_snapshots"), 0) + 1, false);--> statement-breakpoint
DROP TABLE "loan_events_unpartitioned";--> statement-breakpoint
DROP TABLE "loan_snapshots_unpartitioned";--> statement-breakpoint
DROP TABLE "loan_projections_unpartitioned";--> statement-breakpoint

-- Keys (loan_id in each), foreign keys and indexes, as before.
ALTER TABLE "loan_events" ADD CONSTRAINT "loan_events_loan_id_id_pk" PRIMARY KEY ("loan_id", "id");--> statement-breakpoint
ALTER TABLE "loan_events" ADD CONSTRAINT "loan_events_loan_sequence_unique" UNIQUE ("loan_id", "sequence_number");--> statement-breakpoint
ALTER TABLE "loan_events" ADD CONSTRAINT "loan_events_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- By id alone: the old primary key served max(id), "events after id N" and sealing one row.
CREATE INDEX "loan_events_id_idx" ON "loan_events" USING btree ("id");--> statement-breakpoint
CREATE INDEX "loan_events_effective_date_idx" ON "loan_events" USING btree ("effective_date");--> statement-breakpoint
CREATE INDEX "loan_events_recorded_at_idx" ON "loan_events" USING btree ("recorded_at");--> statement-breakpoint
CREATE INDEX "loan_events_loan_effective_idx" ON "loan_events" USING btree ("loan_id", "effective_date", "sequence_number");--> statement-breakpoint
CREATE INDEX "loan_events_unsealed_idx" ON "loan_events" USING btree ("loan_id", "sequence_number") WHERE "hash" IS NULL;--> statement-breakpoint
ALTER TABLE "loan_snapshots" ADD CONSTRAINT "loan_snapshots_loan_id_id_pk" PRIMARY KEY ("loan_id", "id");--> statement-breakpoint
ALTER TABLE "loan_snapshots" ADD CONSTRAINT "loan_snapshots_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loan_snapshots_id_idx" ON "loan_snapshots" USING btree ("id");--> statement-breakpoint
CREATE INDEX "loan_snapshots_lookup_idx" ON "loan_snapshots" USING btree ("loan_id", "as_of_date");--> statement-breakpoint
ALTER TABLE "loan_projections" ADD CONSTRAINT "loan_projections_pkey" PRIMARY KEY ("loan_id");--> statement-breakpoint
ALTER TABLE "loan_projections" ADD CONSTRAINT "loan_projections_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loan_projections_status_idx" ON "loan_projections" USING btree ("status");--> statement-breakpoint
CREATE INDEX "loan_projections_total_idx" ON "loan_projections" USING btree ("total_outstanding");--> statement-breakpoint
CREATE INDEX "loan_projections_last_event_idx" ON "loan_projections" USING btree ("last_event_date");--> statement-breakpoint
CREATE INDEX "loan_projections_delinquent_since_idx" ON "loan_projections" USING btree ("delinquent_since");--> statement-breakpoint

-- Each partition's index named after its parent index: <parent>_pNN.
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT child.relname AS child, parent.relname AS parent, right(tbl.relname, 3) AS part
    FROM pg_inherits i
    JOIN pg_class child ON child.oid = i.inhrelid AND child.relkind = 'i'
    JOIN pg_class parent ON parent.oid = i.inhparent
    JOIN pg_index x ON x.indexrelid = child.oid
    JOIN pg_class tbl ON tbl.oid = x.indrelid
    WHERE tbl.relname ~ '^loan_(events|snapshots|projections)_p[0-9]{2}$'
  LOOP
    EXECUTE format('ALTER INDEX %I RENAME TO %I', r.child, r.parent || '_' || r.part);
  END LOOP;
END $$;--> statement-breakpoint

-- Append-only, as migrations 0001, 0002 and 0016 made it (same function).
CREATE TRIGGER loan_events_no_update BEFORE UPDATE ON "loan_events" FOR EACH ROW EXECUTE FUNCTION loan_events_reject_change();--> statement-breakpoint
CREATE TRIGGER loan_events_no_delete BEFORE DELETE ON "loan_events" FOR EACH ROW EXECUTE FUNCTION loan_events_reject_change();--> statement-breakpoint
CREATE TRIGGER loan_events_no_truncate BEFORE TRUNCATE ON "loan_events" FOR EACH STATEMENT EXECUTE FUNCTION loan_events_reject_change();--> statement-breakpoint
DO $$
DECLARE
  i int;
BEGIN
  FOR i IN 0..15 LOOP
    EXECUTE format('CREATE TRIGGER loan_events_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION loan_events_reject_change()',
                   'loan_events_p' || lpad(i::text, 2, '0'));
  END LOOP;
END $$;
