CREATE TABLE `media_renders` (
	`id` text PRIMARY KEY NOT NULL,
	`output_media_id` text,
	`started_at` text,
	`finished_at` text
);
--> statement-breakpoint
ALTER TABLE `media_items` ADD `tags` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `media_items` ADD `thumbnail_path` text;--> statement-breakpoint
ALTER TABLE `media_items` ADD `render_id` text;--> statement-breakpoint
ALTER TABLE `media_items` ADD `source_ids` text;--> statement-breakpoint
ALTER TABLE `media_items` ADD `render_request` text;