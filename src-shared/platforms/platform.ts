/** The platforms PromoGPT can connect to today. Each later connector adds its name here. */
export const PLATFORMS = ['bluesky', 'mastodon', 'x'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const PLATFORM_NAMES: Record<Platform, string> = {
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  x: 'X',
};
