CREATE TABLE `media_captions` (
	`media_id` text NOT NULL,
	`lang` text NOT NULL,
	`vtt` text NOT NULL,
	`cues` integer NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`media_id`, `lang`),
	FOREIGN KEY (`media_id`) REFERENCES `media_items`(`id`) ON UPDATE no action ON DELETE cascade
);
