CREATE TABLE `media_items` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`sha256` text NOT NULL,
	`file_name` text NOT NULL,
	`stored_path` text NOT NULL,
	`mime_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`width` integer,
	`height` integer,
	`duration_seconds` real,
	`video_codec` text,
	`audio_codec` text,
	`frame_rate` real,
	`alt_text` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `media_items_sha256_unique` ON `media_items` (`sha256`);