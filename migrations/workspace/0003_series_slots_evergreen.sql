CREATE TABLE `evergreen_posts` (
	`post_id` text PRIMARY KEY NOT NULL,
	`added_at` text NOT NULL,
	`last_queued_at` text,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `queue_slots` (
	`account_id` text NOT NULL,
	`weekday` integer NOT NULL,
	`time` text NOT NULL,
	`time_zone` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `queue_slots_account` ON `queue_slots` (`account_id`);--> statement-breakpoint
ALTER TABLE `post_targets` ADD `scheduled_at` text;--> statement-breakpoint
CREATE INDEX `post_targets_account_scheduled` ON `post_targets` (`account_id`,`scheduled_at`);--> statement-breakpoint
ALTER TABLE `posts` ADD `content` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `series_id` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `series_start` text;--> statement-breakpoint
CREATE INDEX `posts_series` ON `posts` (`series_id`);--> statement-breakpoint
UPDATE `post_targets` SET `scheduled_at` = (SELECT `scheduled_at` FROM `posts` WHERE `posts`.`id` = `post_targets`.`post_id`);
