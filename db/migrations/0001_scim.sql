DROP INDEX "directory_users_user_name_unique";--> statement-breakpoint
ALTER TABLE "directory_users" ADD COLUMN "email_keys" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "directory_group_members_user" ON "directory_group_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_groups_display_name_unique" ON "directory_groups" USING btree (lower("display_name"));--> statement-breakpoint
CREATE INDEX "directory_groups_external_id" ON "directory_groups" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "directory_users_external_id" ON "directory_users" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "directory_users_email_keys" ON "directory_users" USING gin ("email_keys");--> statement-breakpoint
CREATE INDEX "directory_users_listing" ON "directory_users" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_users_user_name_unique" ON "directory_users" USING btree (lower("user_name")) WHERE "directory_users"."deleted_at" is null;