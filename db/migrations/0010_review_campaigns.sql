CREATE TYPE "public"."campaign_decision" AS ENUM('pending', 'keep', 'remove', 'change_role');--> statement-breakpoint
CREATE TYPE "public"."campaign_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TABLE "campaign_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"campaign_id" uuid NOT NULL,
	"hub_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"name" text,
	"email" text,
	"member_kind" "member_kind" NOT NULL,
	"meta_role" text,
	"access" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"access_count" integer DEFAULT 0 NOT NULL,
	"match_state" text NOT NULL,
	"exemption_reason" text,
	"reviewer_ids" text[] NOT NULL,
	"reviewer_source" text NOT NULL,
	"decision" "campaign_decision" DEFAULT 'pending' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"new_role" text,
	"role_task_id" uuid,
	"report_item_id" uuid,
	"unreviewed_at_deadline" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_reviewers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"slack_user_id" text NOT NULL,
	"slack_channel" text,
	"ts" text,
	"page" integer DEFAULT 0 NOT NULL,
	"last_reminded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hub_id" uuid NOT NULL,
	"status" "campaign_status" DEFAULT 'open' NOT NULL,
	"scope" text NOT NULL,
	"scope_asset_id" uuid,
	"scope_label" text NOT NULL,
	"reviewers" text NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"remove_unkept" boolean DEFAULT false NOT NULL,
	"remove_confirmed_count" integer,
	"started_by" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"tracker_channel" text,
	"tracker_ts" text,
	"escalated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"summary" jsonb,
	"closed_announced_at" timestamp with time zone,
	"evidence_file_id" text
);
--> statement-breakpoint
ALTER TABLE "campaign_items" ADD CONSTRAINT "campaign_items_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_items" ADD CONSTRAINT "campaign_items_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_items" ADD CONSTRAINT "campaign_items_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_reviewers" ADD CONSTRAINT "campaign_reviewers_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_items_campaign_member" ON "campaign_items" USING btree ("campaign_id","member_id");--> statement-breakpoint
CREATE INDEX "campaign_items_campaign_decision" ON "campaign_items" USING btree ("campaign_id","decision");--> statement-breakpoint
CREATE INDEX "campaign_items_reviewers" ON "campaign_items" USING gin ("reviewer_ids");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_reviewers_campaign_user" ON "campaign_reviewers" USING btree ("campaign_id","slack_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_one_open_per_hub" ON "campaigns" USING btree ("hub_id") WHERE "campaigns"."status" = 'open';--> statement-breakpoint
CREATE INDEX "campaigns_hub_started" ON "campaigns" USING btree ("hub_id","started_at");