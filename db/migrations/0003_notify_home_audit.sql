CREATE TABLE "channel_digests" (
	"channel" text PRIMARY KEY NOT NULL,
	"slack_channel" text NOT NULL,
	"ts" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "home_viewers" (
	"slack_user_id" text PRIMARY KEY NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"is_admin" boolean DEFAULT false NOT NULL,
	"hub_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"hub_id" uuid,
	"task_id" uuid,
	"event" text,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"message_ts" text,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "announce_events" text[];--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "home_viewers_opened" ON "home_viewers" USING btree ("opened_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_task_channel" ON "notifications" USING btree ("task_id","channel");--> statement-breakpoint
CREATE INDEX "notifications_pending" ON "notifications" USING btree ("channel","id") WHERE "notifications"."sent_at" is null and "notifications"."error" is null;--> statement-breakpoint
CREATE INDEX "notifications_message" ON "notifications" USING btree ("channel","message_ts");--> statement-breakpoint
CREATE INDEX "audit_events_at" ON "audit_events" USING btree ("at");