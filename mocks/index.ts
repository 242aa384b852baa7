/** nova-images-mock: MSW handlers and a Glance image service for Nova's images API. */

export {
  type GenerateDatasetOptions,
  type GenerateImageOptions,
  generateDataset,
  generateImage,
} from '../generators/index.ts';
export type { ErrorControls, RuleInput } from './control/actions.ts';
export { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, type CorsOptions } from './control/cors.ts';
export type { JournalEntry } from './control/journal.ts';
export { BUNDLED_DATASETS, DatasetError, type DatasetSource, validateDataset } from './dataset.ts';
export { loadDataset } from './dataset-load.ts';
export { GlanceError, type GlanceErrorKind } from './glance/errors.ts';
export {
  type GlanceFilters,
  type GlanceListQuery,
  type ImageData,
  type ImageMember,
  type ImagePatch,
  ImageService,
  type ImageServiceOptions,
  type ListQuery,
  type NewImage,
} from './glance/image-service.ts';
export { DEFAULT_MAX_IMAGE_BYTES, GLANCE_MOUNT } from './glance-api/app.ts';
export { GLANCE_ENDPOINTS, type GlanceEndpoint } from './glance-api/routes.ts';
export { type GlanceImageView, renderGlanceImage, renderMember } from './glance-api/views.ts';
export { type CreateHandlersOptions, createHandlers, createImageService } from './handlers.ts';
export {
  AUTH_MODES,
  type AuthMode,
  DEFAULT_TOKEN_TTL_SECONDS,
  Identity,
  type Token,
} from './identity/identity.ts';
export { projectIdFor, stableHexId } from './identity/ids.ts';
export { parseUsers, type UserEntry, UsersFileError } from './identity/users.ts';
export { formatRule, parseRule } from './injection/grammar.ts';
export { ErrorInjector, type Injection, type RuleView } from './injection/injector.ts';
export {
  type ErrorRule,
  INJECTABLE_STATUSES,
  type InjectableStatus,
  RULE_ENDPOINTS,
  type RuleEndpoint,
  RuleError,
  validateRule,
} from './injection/rules.ts';
export { SCENARIOS, type Scenario } from './injection/scenarios.ts';
export { NovaFault } from './nova/faults.ts';
export type { LinkContext } from './nova/links.ts';
export { NOVA_RELEASES, type NovaRelease } from './nova/release.ts';
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
export type * from './types.ts';
