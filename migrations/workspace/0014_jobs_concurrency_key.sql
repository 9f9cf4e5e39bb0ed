DROP INDEX `jobs_due`;--> statement-breakpoint
ALTER TABLE `jobs` ADD `concurrency_key` text;--> statement-breakpoint
CREATE INDEX `jobs_due` ON `jobs` (`state`,`run_at`,`created_at`,`concurrency_key`);