CREATE TABLE `analytics_queries` (
	`id` text PRIMARY KEY NOT NULL,
	`question` text,
	`sql` text,
	`source` text NOT NULL,
	`state` text NOT NULL,
	`message` text,
	`row_count` integer,
	`truncated` integer DEFAULT 0 NOT NULL,
	`provider_name` text,
	`ran_at` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`pinned` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `analytics_queries_ran_at` ON `analytics_queries` (`ran_at`);