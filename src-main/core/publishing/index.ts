export { publishTarget, readStart, type PublishAccounts, type PublishStart, type PublishTargetOptions } from './publish-target';
export { checkOnPlatform, type CheckOnPlatformOptions, type CheckOnPlatformResult, type PartCheck } from './check-on-platform';
export { retryTarget, type RetryTargetOptions } from './retry';
export { describeTarget, targetOutcome, type AccountLabel, type AttemptView, type TargetAction, type TargetOutcome } from './outcome';
export { parseVariant, serializeVariant, variantParts, VariantSchema, type Variant, type VariantMedia, type VariantPart } from './variant';
export { MASTODON_IDEMPOTENCY_WINDOW_MS } from './recovery';
