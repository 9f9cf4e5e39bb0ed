CREATE TABLE `comment_ai_sentiment` (
	`account_id` text NOT NULL,
	`remote_id` text NOT NULL,
	`sentiment` text,
	`score` real,
	`note` text,
	`text` text NOT NULL,
	`provider_name` text NOT NULL,
	`model` text NOT NULL,
	`generation_id` text NOT NULL,
	`scored_at` text NOT NULL,
	PRIMARY KEY(`account_id`, `remote_id`)
);
--> statement-breakpoint
CREATE INDEX `comment_ai_sentiment_generation` ON `comment_ai_sentiment` (`generation_id`);