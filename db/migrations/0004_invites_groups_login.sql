CREATE TYPE "public"."invite_status" AS ENUM('waiting', 'sending', 'invited', 'duplicate', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "group_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hub_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"group_name" text NOT NULL,
	"meta_role" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hub_id" uuid NOT NULL,
	"task_id" uuid,
	"email" text NOT NULL,
	"meta_role" text NOT NULL,
	"invited_user_type" text DEFAULT 'FB' NOT NULL,
	"directory_user_id" uuid,
	"group_id" uuid,
	"requested_by" text NOT NULL,
	"status" "invite_status" DEFAULT 'waiting' NOT NULL,
	"note" text,
	"error" text,
	"meta_invitation_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "login_method_changed_by" text;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "login_method_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "invites_paused_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "group_mappings" ADD CONSTRAINT "group_mappings_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_directory_user_id_directory_users_id_fk" FOREIGN KEY ("directory_user_id") REFERENCES "public"."directory_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "group_mappings_hub_group" ON "group_mappings" USING btree ("hub_id","group_id");--> statement-breakpoint
CREATE INDEX "group_mappings_group" ON "group_mappings" USING btree ("group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invites_one_in_flight" ON "invites" USING btree ("hub_id","email") WHERE "invites"."status" in ('waiting', 'sending');--> statement-breakpoint
CREATE INDEX "invites_task" ON "invites" USING btree ("task_id","created_at");--> statement-breakpoint
CREATE INDEX "invites_unbatched" ON "invites" USING btree ("hub_id","created_at") WHERE "invites"."task_id" is null and "invites"."status" = 'waiting';