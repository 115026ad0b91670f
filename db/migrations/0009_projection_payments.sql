-- The projection keeps the payment log apart from the rest of the state. Rows
-- written before hold the whole state in one column: drop them (a cache; each
-- is rebuilt from its events the next time it is read).
DELETE FROM "loan_projections";--> statement-breakpoint
ALTER TABLE "loan_projections" ADD COLUMN "payments" jsonb;
