ALTER TABLE "hubs" ADD COLUMN "channel_broken_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "channel_broken_error" text;