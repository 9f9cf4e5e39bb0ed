CREATE TABLE `ai_generations` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`provider_id` text NOT NULL,
	`provider_name` text NOT NULL,
	`base_url` text NOT NULL,
	`local` integer NOT NULL,
	`model` text NOT NULL,
	`params` text NOT NULL,
	`brand_voice` text,
	`variants` text DEFAULT '[]' NOT NULL,
	`media_ids` text DEFAULT '[]' NOT NULL,
	`prompt_tokens` integer,
	`completion_tokens` integer,
	`total_tokens` integer,
	`estimated_cost_usd` real,
	`error_name` text,
	`error_message` text,
	`error_reason` text,
	`rerun_of` text,
	`job_id` text,
	`remote_id` text,
	`progress` integer,
	`started_at` text NOT NULL,
	`finished_at` text
);
--> statement-breakpoint
CREATE INDEX `ai_generations_started` ON `ai_generations` (`started_at`);--> statement-breakpoint
CREATE TABLE `ai_providers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`base_url` text NOT NULL,
	`text_model` text NOT NULL,
	`image_model` text,
	`speech_model` text,
	`transcription_model` text,
	`video_model` text,
	`has_key` integer DEFAULT 0 NOT NULL,
	`timeout_ms` integer NOT NULL,
	`max_retries` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ai_providers_name` ON `ai_providers` (`name`);