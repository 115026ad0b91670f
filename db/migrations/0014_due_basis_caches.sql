-- The due basis is a cache like the rest of the projection: written by every
-- append, rebuilt from the events when missing (`cli projections rebuild`).
-- Out of line, like the engine state, so list scans stay on the figures.
ALTER TABLE "loan_projections" ALTER COLUMN "due_basis" SET STORAGE EXTERNAL;--> statement-breakpoint
-- Past dates' list figures were computed without days past due: drop them
-- (a cache; each date is computed again on its next request).
DELETE FROM "loan_list_dates";--> statement-breakpoint
-- The next list read checks every loan's projection (a projection without a
-- due basis counts as behind and is rebuilt, under the worker lease).
DELETE FROM "loan_list_coverage";
