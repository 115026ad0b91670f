-- Issue 14: loan_list_figures rows are sealed (db/event-store/integrity.ts
-- sealListFigures). The table is a cache: its rows are dropped here (every
-- existing row would be unsealed, hence untrusted) and recomputed, sealed, on
-- the next read of each date.
DELETE FROM "loan_list_figures";--> statement-breakpoint
ALTER TABLE "loan_list_figures" ADD COLUMN "seal" text;
