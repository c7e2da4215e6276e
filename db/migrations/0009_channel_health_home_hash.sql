CREATE TABLE "app_flags" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "home_viewers" ADD COLUMN "published_hash" text;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "channel_broken_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "channel_broken_error" text;