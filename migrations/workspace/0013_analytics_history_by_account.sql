DROP INDEX `post_metric_snapshots_target_time`;--> statement-breakpoint
CREATE INDEX `post_metric_snapshots_account_time` ON `post_metric_snapshots` (`account_id`,`taken_at`);