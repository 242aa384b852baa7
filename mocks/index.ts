/** nova-images-mock: MSW handlers and a Glance-like store for Nova's images API. */

export {
  BUNDLED_DATASETS,
  DatasetError,
  type DatasetSource,
  loadDataset,
  validateDataset,
} from './dataset.ts';
export { type CreateHandlersOptions, createHandlers, createStore } from './handlers.ts';
export { NovaFault } from './nova/faults.ts';
export type { LinkContext } from './nova/links.ts';
export { ENDPOINTS, type Endpoint } from './nova/routes.ts';
export {
  type NovaImageBasic,
  type NovaImageDetail,
  renderImageBasic,
  renderImageDetail,
} from './nova/views.ts';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_LIMIT,
  DEFAULT_METADATA_QUOTA,
  DEFAULT_PROJECT_ID,
  type NovaImagesMockOptions,
} from './options.ts';
export { StoreError, type StoreErrorKind } from './store/errors.ts';
export type { GlanceFilters, ImageStoreOptions, ListQuery } from './store/image-store.ts';
export { ImageStore } from './store/image-store.ts';
export type * from './types.ts';
