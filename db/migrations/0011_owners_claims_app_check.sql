CREATE TABLE "owner_claim_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"claim_id" uuid NOT NULL,
	"target" text NOT NULL,
	"role" text NOT NULL,
	"slack_channel" text,
	"ts" text
);
--> statement-breakpoint
CREATE TABLE "owner_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hub_id" uuid NOT NULL,
	"claimant_id" text NOT NULL,
	"member_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "app_id_check" text DEFAULT 'unchecked' NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "credentials_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "owner_claim_messages" ADD CONSTRAINT "owner_claim_messages_claim_id_owner_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."owner_claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "owner_claims" ADD CONSTRAINT "owner_claims_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "owner_claims" ADD CONSTRAINT "owner_claims_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "owner_claim_messages_claim_target" ON "owner_claim_messages" USING btree ("claim_id","target");--> statement-breakpoint
CREATE UNIQUE INDEX "owner_claims_one_pending" ON "owner_claims" USING btree ("hub_id","claimant_id") WHERE "owner_claims"."status" = 'pending';