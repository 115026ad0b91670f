-- Keep the engine state out of the projection's heap rows: list queries scan
-- the figures columns, and a 3-4 KB inline state per loan made every page of
-- /loans read far more than it shows. The state is still read by primary key.
ALTER TABLE "loan_projections" ALTER COLUMN "state" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "loan_projections" ALTER COLUMN "payments" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "loan_projections" SET (toast_tuple_target = 128);
