ALTER TYPE "public"."member_kind" ADD VALUE 'partner_user';--> statement-breakpoint
CREATE TABLE "report_escalations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"target" text NOT NULL,
	"slack_channel" text,
	"ts" text,
	"escalated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "member_assets" ADD COLUMN "access_status" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "partner_meta_id" text;--> statement-breakpoint
ALTER TABLE "sync_staged_holdings" ADD COLUMN "access_status" text;--> statement-breakpoint
ALTER TABLE "sync_staged_members" ADD COLUMN "partner_meta_id" text;--> statement-breakpoint
ALTER TABLE "report_escalations" ADD CONSTRAINT "report_escalations_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "report_escalations_report_target_at" ON "report_escalations" USING btree ("report_id","target","escalated_at");