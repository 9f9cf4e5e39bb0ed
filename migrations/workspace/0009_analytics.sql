CREATE TABLE `account_metric_snapshots` (
	`id` integer PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`taken_at` text NOT NULL,
	`followers` integer,
	`following` integer,
	`posts` integer
);
--> statement-breakpoint
CREATE INDEX `account_metric_snapshots_account_time` ON `account_metric_snapshots` (`account_id`,`taken_at`);--> statement-breakpoint
CREATE INDEX `account_metric_snapshots_time` ON `account_metric_snapshots` (`taken_at`,`account_id`,`followers`);--> statement-breakpoint
CREATE TABLE `analytics_sync_state` (
	`account_id` text PRIMARY KEY NOT NULL,
	`last_attempt_at` text,
	`last_success_at` text,
	`last_error_name` text,
	`last_error_message` text,
	`wait_until` text
);
--> statement-breakpoint
CREATE TABLE `post_comments` (
	`id` integer PRIMARY KEY NOT NULL,
	`target_id` text NOT NULL,
	`account_id` text NOT NULL,
	`remote_id` text NOT NULL,
	`url` text NOT NULL,
	`author_handle` text NOT NULL,
	`author_name` text,
	`text` text NOT NULL,
	`created_at` text NOT NULL,
	`fetched_at` text NOT NULL,
	`sentiment` text NOT NULL,
	`sentiment_score` real NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `post_comments_account_remote` ON `post_comments` (`account_id`,`remote_id`);--> statement-breakpoint
CREATE INDEX `post_comments_target_created` ON `post_comments` (`target_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `post_comments_account_created` ON `post_comments` (`account_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `post_metric_snapshots` (
	`id` integer PRIMARY KEY NOT NULL,
	`target_id` text NOT NULL,
	`account_id` text NOT NULL,
	`taken_at` text NOT NULL,
	`impressions` integer,
	`likes` integer,
	`reposts` integer,
	`replies` integer,
	`quotes` integer,
	`bookmarks` integer
);
--> statement-breakpoint
CREATE INDEX `post_metric_snapshots_target_time` ON `post_metric_snapshots` (`target_id`,`taken_at`);--> statement-breakpoint
CREATE TABLE `post_metrics_latest` (
	`target_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`published_at` text NOT NULL,
	`taken_at` text NOT NULL,
	`impressions` integer,
	`likes` integer DEFAULT 0 NOT NULL,
	`reposts` integer DEFAULT 0 NOT NULL,
	`replies` integer DEFAULT 0 NOT NULL,
	`quotes` integer DEFAULT 0 NOT NULL,
	`bookmarks` integer DEFAULT 0 NOT NULL,
	`engagements` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `post_metrics_latest_published` ON `post_metrics_latest` (`published_at`,`account_id`,`engagements`,`impressions`,`likes`,`reposts`,`replies`,`quotes`,`bookmarks`);--> statement-breakpoint
CREATE INDEX `post_metrics_latest_account_published` ON `post_metrics_latest` (`account_id`,`published_at`);--> statement-breakpoint
CREATE VIEW `analytics_account_metrics` AS SELECT s.account_id AS account_id, a.platform AS platform, a.handle AS handle, s.taken_at AS taken_at, s.followers AS followers,
  s.following AS following, s.posts AS posts
FROM account_metric_snapshots s JOIN accounts a ON a.id = s.account_id;--> statement-breakpoint
CREATE VIEW `analytics_comments` AS SELECT c.remote_id AS comment_id, c.target_id AS target_id, t.post_id AS post_id, c.account_id AS account_id, a.platform AS platform,
  c.author_handle AS author_handle, c.text AS text, c.created_at AS created_at, c.sentiment AS sentiment, c.sentiment_score AS sentiment_score, c.url AS url
FROM post_comments c JOIN accounts a ON a.id = c.account_id LEFT JOIN post_targets t ON t.id = c.target_id;--> statement-breakpoint
CREATE VIEW `analytics_post_metrics` AS SELECT s.target_id AS target_id, s.account_id AS account_id, a.platform AS platform, s.taken_at AS taken_at, s.impressions AS impressions,
  s.likes AS likes, s.reposts AS reposts, s.replies AS replies, s.quotes AS quotes, s.bookmarks AS bookmarks
FROM post_metric_snapshots s JOIN accounts a ON a.id = s.account_id;--> statement-breakpoint
CREATE VIEW `analytics_posts` AS SELECT t.id AS target_id, t.post_id AS post_id, t.account_id AS account_id, a.platform AS platform, a.handle AS handle,
  t.published_at AS published_at, t.remote_url AS url, json_extract(t.variant, '$.text') AS text,
  length(json_extract(t.variant, '$.text')) AS text_length,
  coalesce(json_array_length(t.variant, '$.media'), 0) AS media_count,
  CASE WHEN coalesce(json_array_length(t.variant, '$.media'), 0) = 0 THEN 'none'
       WHEN json_extract(t.variant, '$.media[0].mimeType') LIKE 'video/%' THEN 'video' ELSE 'image' END AS media_kind,
  (json_extract(t.variant, '$.text') LIKE '%http://%' OR json_extract(t.variant, '$.text') LIKE '%https://%') AS has_link,
  (json_extract(t.variant, '$.text') GLOB '*#[A-Za-z0-9]*') AS has_hashtags,
  m.impressions AS impressions, coalesce(m.likes, 0) AS likes, coalesce(m.reposts, 0) AS reposts, coalesce(m.replies, 0) AS replies,
  coalesce(m.quotes, 0) AS quotes, coalesce(m.bookmarks, 0) AS bookmarks, coalesce(m.engagements, 0) AS engagements, m.taken_at AS metrics_taken_at
FROM post_targets t JOIN accounts a ON a.id = t.account_id LEFT JOIN post_metrics_latest m ON m.target_id = t.id
WHERE t.state = 'published';