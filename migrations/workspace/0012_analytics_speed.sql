DROP INDEX `post_metrics_latest_published`;--> statement-breakpoint
DROP INDEX `post_metrics_latest_account_published`;--> statement-breakpoint
CREATE INDEX `post_metrics_latest_account_period` ON `post_metrics_latest` (`account_id`,`published_at`,`engagements`,`impressions`,`likes`,`reposts`,`replies`,`quotes`,`bookmarks`);