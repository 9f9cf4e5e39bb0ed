export { createMastodonConnector, MASTODON_EXTRAS } from './connector';
export { fetchInstanceLimits, normalizeInstanceUrl, MASTODON_DEFAULT_LIMITS, type MastodonInstanceLimits } from './instance';
export {
  identify,
  loopbackRedirectUri,
  MASTODON_CALLBACK_PATH,
  MASTODON_SCOPES,
  oauthConfig,
  registerApp,
  type MastodonAppCredentials,
  type MastodonOAuthConfig,
} from './oauth';
export { htmlToText, type MastodonDeps } from './wire';
