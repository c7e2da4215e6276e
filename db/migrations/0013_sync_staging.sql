CREATE TABLE "sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"hub_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_staged_assets" (
	"run_id" uuid NOT NULL,
	"kind" "asset_kind" NOT NULL,
	"ownership" "asset_ownership" NOT NULL,
	"meta_id" text NOT NULL,
	"name" text
);
--> statement-breakpoint
CREATE TABLE "sync_staged_holdings" (
	"run_id" uuid NOT NULL,
	"asset_kind" "asset_kind" NOT NULL,
	"asset_meta_id" text NOT NULL,
	"user_meta_id" text NOT NULL,
	"tasks" text[] NOT NULL,
	"partner" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_staged_members" (
	"run_id" uuid NOT NULL,
	"seq" bigserial NOT NULL,
	"kind" "member_kind" NOT NULL,
	"meta_id" text NOT NULL,
	"name" text,
	"email" text,
	"pending_email" text,
	"meta_role" text,
	"account_type" text
);
--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_staged_assets" ADD CONSTRAINT "sync_staged_assets_run_id_sync_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."sync_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_staged_holdings" ADD CONSTRAINT "sync_staged_holdings_run_id_sync_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."sync_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_staged_members" ADD CONSTRAINT "sync_staged_members_run_id_sync_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."sync_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sync_runs_hub" ON "sync_runs" USING btree ("hub_id");--> statement-breakpoint
CREATE INDEX "sync_staged_assets_run" ON "sync_staged_assets" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "sync_staged_holdings_run" ON "sync_staged_holdings" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "sync_staged_members_run" ON "sync_staged_members" USING btree ("run_id");