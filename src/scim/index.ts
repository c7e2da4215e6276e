export { createScimHandler } from './handler.js';
export type { ScimDeps } from './routes/context.js';
export { MAX_BODY_BYTES } from './http.js';
