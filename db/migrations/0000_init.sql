CREATE TYPE "public"."asset_kind" AS ENUM('ad_account', 'page', 'pixel', 'catalog');--> statement-breakpoint
CREATE TYPE "public"."asset_ownership" AS ENUM('owned', 'client');--> statement-breakpoint
CREATE TYPE "public"."hub_role" AS ENUM('owner', 'collaborator');--> statement-breakpoint
CREATE TYPE "public"."hub_status" AS ENUM('active', 'token_invalid', 'paused');--> statement-breakpoint
CREATE TYPE "public"."login_method" AS ENUM('sso', 'password');--> statement-breakpoint
CREATE TYPE "public"."member_kind" AS ENUM('business_user', 'invitation', 'system_user', 'partner');--> statement-breakpoint
CREATE TYPE "public"."member_state" AS ENUM('unmatched', 'onboarded', 'guest', 'exempted', 'removal_pending', 'removed');--> statement-breakpoint
CREATE TYPE "public"."task_kind" AS ENUM('sync', 'remove_member', 'invite_member', 'change_role');--> statement-breakpoint
CREATE TYPE "public"."task_status" AS ENUM('queued', 'running', 'completed', 'failed');--> statement-breakpoint
CREATE TABLE "assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hub_id" uuid NOT NULL,
	"kind" "asset_kind" NOT NULL,
	"ownership" "asset_ownership" NOT NULL,
	"meta_id" text NOT NULL,
	"name" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"gone_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"hub_id" uuid,
	"member_id" uuid,
	"task_id" uuid,
	"reason" text,
	"outcome" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_group_members" (
	"group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_group_members_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "directory_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"display_name" text NOT NULL,
	"external_id" text,
	"resource" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_name" text NOT NULL,
	"external_id" text,
	"active" boolean DEFAULT true NOT NULL,
	"display_name" text,
	"given_name" text,
	"family_name" text,
	"work_email" text,
	"emails" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"department" text,
	"title" text,
	"employee_number" text,
	"resource" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"deactivated_at" timestamp with time zone,
	"deactivated_via" text,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_owners" (
	"hub_id" uuid NOT NULL,
	"slack_user_id" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hub_owners_hub_id_slack_user_id_pk" PRIMARY KEY("hub_id","slack_user_id")
);
--> statement-breakpoint
CREATE TABLE "hubs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"label" text NOT NULL,
	"business_id" text NOT NULL,
	"app_id" text NOT NULL,
	"access_token_sealed" text NOT NULL,
	"login_method" "login_method" NOT NULL,
	"channel_id" text NOT NULL,
	"status" "hub_status" DEFAULT 'active' NOT NULL,
	"safeguard_threshold_pct" integer DEFAULT 20 NOT NULL,
	"daily_sync_at" text DEFAULT '06:00' NOT NULL,
	"last_synced_at" timestamp with time zone,
	"last_sync_task_id" uuid,
	"connected_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_assets" (
	"hub_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"tasks" text[] NOT NULL,
	CONSTRAINT "member_assets_member_id_asset_id_pk" PRIMARY KEY("member_id","asset_id")
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hub_id" uuid NOT NULL,
	"kind" "member_kind" NOT NULL,
	"meta_id" text NOT NULL,
	"name" text,
	"email" text,
	"pending_email" text,
	"meta_role" text,
	"state" "member_state" DEFAULT 'unmatched' NOT NULL,
	"directory_user_id" uuid,
	"matched_by" text,
	"hub_role" "hub_role",
	"exemption_reason" text,
	"exempted_by" text,
	"exempted_at" timestamp with time zone,
	"exemption_expires_at" timestamp with time zone,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"gone_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hub_id" uuid NOT NULL,
	"kind" "task_kind" NOT NULL,
	"status" "task_status" DEFAULT 'queued' NOT NULL,
	"requested_by" text NOT NULL,
	"input" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"progress" jsonb,
	"summary" jsonb,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"slack_channel_id" text,
	"slack_ts" text,
	"result_announced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_group_members" ADD CONSTRAINT "directory_group_members_group_id_directory_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."directory_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_group_members" ADD CONSTRAINT "directory_group_members_user_id_directory_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."directory_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_owners" ADD CONSTRAINT "hub_owners_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_assets" ADD CONSTRAINT "member_assets_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_assets" ADD CONSTRAINT "member_assets_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_assets" ADD CONSTRAINT "member_assets_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_directory_user_id_directory_users_id_fk" FOREIGN KEY ("directory_user_id") REFERENCES "public"."directory_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assets_hub_kind_meta_unique" ON "assets" USING btree ("hub_id","kind","meta_id");--> statement-breakpoint
CREATE INDEX "audit_events_hub_at" ON "audit_events" USING btree ("hub_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_users_user_name_unique" ON "directory_users" USING btree (lower("user_name"));--> statement-breakpoint
CREATE INDEX "directory_users_work_email" ON "directory_users" USING btree (lower("work_email"));--> statement-breakpoint
CREATE UNIQUE INDEX "hubs_label_unique" ON "hubs" USING btree (lower("label"));--> statement-breakpoint
CREATE UNIQUE INDEX "hubs_business_unique" ON "hubs" USING btree ("business_id");--> statement-breakpoint
CREATE INDEX "member_assets_hub" ON "member_assets" USING btree ("hub_id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_hub_kind_meta_unique" ON "members" USING btree ("hub_id","kind","meta_id");--> statement-breakpoint
CREATE INDEX "members_hub_state" ON "members" USING btree ("hub_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_one_active_sync_per_hub" ON "tasks" USING btree ("hub_id") WHERE "tasks"."kind" = 'sync' and "tasks"."status" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "tasks_hub_created" ON "tasks" USING btree ("hub_id","created_at");--> statement-breakpoint
CREATE INDEX "tasks_status" ON "tasks" USING btree ("status");