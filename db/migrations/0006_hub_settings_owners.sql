ALTER TABLE "hub_owners" ADD COLUMN "added_by" text;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "remind_after_hours" integer;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "escalate_after_hours" integer;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "daily_sync_tz" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "cards_to" text DEFAULT 'channel' NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "admins_may_decide" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "report_items" ADD COLUMN "decided_as" text;