ALTER TABLE "campaigns" ADD COLUMN "tracker_copies" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "review_every" text DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "review_scope" text DEFAULT 'all' NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "review_reviewers" text DEFAULT 'owners' NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "review_days" integer DEFAULT 14 NOT NULL;