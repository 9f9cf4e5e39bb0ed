export { createXConnector, type XConnector } from './connector';
export { mediaCategory } from './media';
export { identify, loopbackRedirectUri, oauthConfig, refreshXTokens, revokeXTokens, X_CALLBACK_PATH, X_SCOPES, type XOAuthConfig } from './oauth';
export { X_API_BASE, X_AUTH_BASE, X_EXTRAS, type XDeps } from './wire';
