-- Issue 11: the periodic check of every loan's projection goes a slice of
-- loans per /loans read (db/queries/portfolio.ts ensureProjections); its cursor.
ALTER TABLE "loan_list_coverage" ADD COLUMN "sweep_after" bigint DEFAULT 0 NOT NULL;