-- Issue 11: /loans today sorted by principal, interest or fees reads its page
-- along an index (db/queries/portfolio.ts pageEdge) instead of sorting every loan.
CREATE INDEX "loan_projections_principal_idx" ON "loan_projections" USING btree ("principal");--> statement-breakpoint
CREATE INDEX "loan_projections_interest_idx" ON "loan_projections" USING btree ("interest");--> statement-breakpoint
CREATE INDEX "loan_projections_fees_idx" ON "loan_projections" USING btree ("fees");