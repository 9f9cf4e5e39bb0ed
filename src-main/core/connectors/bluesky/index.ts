export { blueskyConnector, type BlueskyConnector } from './connector';
export { login, DEFAULT_SERVICE, type LoginInput } from './session';
export { recordKeyFor, newTid, isTid } from './tid';
export { postUri, postUrl, parseAtUri } from './records';
export { MAX_IMAGES, MAX_IMAGE_BYTES, IMAGE_TYPES } from './media';
export { MAX_GRAPHEMES, MAX_TEXT_BYTES } from './richtext';
