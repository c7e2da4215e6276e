CREATE TABLE "workspace_accounts" (
	"slack_user_id" text PRIMARY KEY NOT NULL,
	"email" text,
	"name" text,
	"is_guest" boolean DEFAULT false NOT NULL,
	"is_bot" boolean DEFAULT false NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "revision" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "manual" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "decided_by" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "match_note" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "workspace_account_id" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "removal_task_id" uuid;--> statement-breakpoint
CREATE INDEX "workspace_accounts_email" ON "workspace_accounts" USING btree ("email");--> statement-breakpoint
CREATE INDEX "directory_users_search_display_name" ON "directory_users" USING btree (lower("display_name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "directory_users_search_given_name" ON "directory_users" USING btree (lower("given_name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "directory_users_search_family_name" ON "directory_users" USING btree (lower("family_name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "directory_users_search_work_email" ON "directory_users" USING btree (lower("work_email") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "directory_users_search_user_name" ON "directory_users" USING btree (lower("user_name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "members_hub_list" ON "members" USING btree ("hub_id","state",lower(coalesce("name", "email", '')),"id");