CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`platform_user_id` text NOT NULL,
	`handle` text NOT NULL,
	`display_name` text,
	`profile_url` text,
	`avatar_url` text,
	`api_base` text NOT NULL,
	`extras` text DEFAULT '{}' NOT NULL,
	`status` text NOT NULL,
	`status_reason` text,
	`token_expires_at` text,
	`rate_limited_until` text,
	`secret_ref` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `accounts_platform_user` ON `accounts` (`platform`,`api_base`,`platform_user_id`);--> statement-breakpoint
CREATE TABLE `app_credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`instance` text DEFAULT '' NOT NULL,
	`client_id` text NOT NULL,
	`redirect_port` integer,
	`secret_ref` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `app_credentials_platform_instance` ON `app_credentials` (`platform`,`instance`);