CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`run_at` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`lease_owner` text,
	`lease_expires_at` text,
	`progress` integer,
	`idempotency_key` text NOT NULL,
	`last_error_name` text,
	`last_error_message` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_idempotency_key_unique` ON `jobs` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `jobs_due` ON `jobs` (`state`,`run_at`);--> statement-breakpoint
CREATE TABLE `post_targets` (
	`id` text PRIMARY KEY NOT NULL,
	`post_id` text NOT NULL,
	`account_id` text NOT NULL,
	`variant` text NOT NULL,
	`state` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`checkpoints` text DEFAULT '{}' NOT NULL,
	`remote_id` text,
	`remote_url` text,
	`error_name` text,
	`error_message` text,
	`published_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `post_targets_post` ON `post_targets` (`post_id`);--> statement-breakpoint
CREATE INDEX `post_targets_account_state` ON `post_targets` (`account_id`,`state`);--> statement-breakpoint
CREATE TABLE `posts` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`text` text NOT NULL,
	`scheduled_at` text,
	`time_zone` text NOT NULL,
	`recurrence` text,
	`source` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `posts_scheduled_at` ON `posts` (`scheduled_at`);--> statement-breakpoint
CREATE INDEX `posts_status` ON `posts` (`status`);--> statement-breakpoint
CREATE TABLE `publish_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target_id` text NOT NULL,
	`started_at` text NOT NULL,
	`ended_at` text,
	`outcome` text,
	`error_name` text,
	`error_message` text,
	FOREIGN KEY (`target_id`) REFERENCES `post_targets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `publish_attempts_target` ON `publish_attempts` (`target_id`);