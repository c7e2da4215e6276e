CREATE TYPE "public"."removal_outcome" AS ENUM('removing', 'removed', 'already_gone', 'failed');--> statement-breakpoint
CREATE TYPE "public"."report_decision" AS ENUM('pending', 'approved', 'rejected', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."report_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TABLE "owner_settings" (
	"slack_user_id" text PRIMARY KEY NOT NULL,
	"dm_reports" boolean DEFAULT false NOT NULL,
	"last_reminded_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_cards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"target" text NOT NULL,
	"slack_channel" text,
	"ts" text,
	"page" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"report_id" uuid NOT NULL,
	"hub_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"directory_user_id" uuid,
	"name" text,
	"email" text,
	"member_kind" "member_kind" NOT NULL,
	"meta_role" text,
	"access" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"access_count" integer DEFAULT 0 NOT NULL,
	"deactivated_at" timestamp with time zone,
	"deactivated_via" text,
	"member_since" timestamp with time zone,
	"decision" "report_decision" DEFAULT 'pending' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"reject_reason" text,
	"exempt_until" timestamp with time zone,
	"resolved_reason" text,
	"removal_task_id" uuid,
	"outcome" "removal_outcome",
	"outcome_at" timestamp with time zone,
	"outcome_error" text,
	"reinvite_task_id" uuid,
	"reinvite_status" text,
	"reinvited_by" text,
	"reinvited_at" timestamp with time zone,
	"reinvite_error" text,
	"added_at" timestamp with time zone NOT NULL,
	"added_by_task_id" uuid
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hub_id" uuid NOT NULL,
	"status" "report_status" DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_by_task_id" uuid,
	"baseline_members" integer DEFAULT 0 NOT NULL,
	"confirmed_by" text,
	"confirmed_at" timestamp with time zone,
	"confirmed_count" integer,
	"last_escalated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"summary" jsonb,
	"closed_announced_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "report_cards" ADD CONSTRAINT "report_cards_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_items" ADD CONSTRAINT "report_items_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_items" ADD CONSTRAINT "report_items_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_items" ADD CONSTRAINT "report_items_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "report_cards_report_target" ON "report_cards" USING btree ("report_id","target");--> statement-breakpoint
CREATE UNIQUE INDEX "report_items_report_member" ON "report_items" USING btree ("report_id","member_id");--> statement-breakpoint
CREATE INDEX "report_items_report_decision" ON "report_items" USING btree ("report_id","decision");--> statement-breakpoint
CREATE INDEX "report_items_hub_decision" ON "report_items" USING btree ("hub_id","decision");--> statement-breakpoint
CREATE INDEX "report_items_removal_task" ON "report_items" USING btree ("removal_task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_one_open_per_hub" ON "reports" USING btree ("hub_id") WHERE "reports"."status" = 'open';--> statement-breakpoint
CREATE INDEX "reports_hub_opened" ON "reports" USING btree ("hub_id","opened_at");