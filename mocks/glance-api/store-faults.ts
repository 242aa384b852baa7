/**
 * The image service's refusals as Glance's API words them (glance/api/v2/images.py,
 * image_data.py, image_actions.py, image_tags.py, image_members.py; glance/db/sqlalchemy/api.py
 * for the listing texts), per endpoint where Glance words one refusal differently.
 */
import type { GlanceError, GlanceErrorKind } from '../glance/errors.ts';
import { type GlanceFault, glanceError, glanceErrorDetail } from './faults.ts';
import type { GlanceRoute } from './routes.ts';

/** A refusal's words: `detail` is the error's (see GlanceErrorKind), `route` the request's. */
type Wording = (detail: string, route: GlanceRoute) => GlanceFault;

const FAULTS: Readonly<Record<GlanceErrorKind, Wording>> = {
  imageNotFound: (_detail, { endpoint, imageId }) => {
    if (endpoint === 'glance.images.delete')
      return glanceError(404, `Failed to find image ${imageId} to delete`);
    // image_tags.py and image_members.py look the image up themselves and word the miss so.
    if (endpoint.startsWith('glance.tags.') || endpoint.startsWith('glance.members.')) {
      return glanceError(404, `Image ${imageId} not found.`);
    }
    return glanceError(404, `No image found with ID ${imageId}`);
  },
  notAllowed: (_detail, { endpoint, imageId }) => {
    if (endpoint === 'glance.tags.add')
      return glanceError(403, `Not allowed to update tags for image ${imageId}.`);
    if (endpoint === 'glance.tags.delete')
      return glanceError(403, `Not allowed to delete tags for image ${imageId}.`);
    return glanceError(403, 'You do not own this image');
  },
  protected: (_detail, { imageId }) =>
    glanceError(403, `Image ${imageId} is protected and cannot be deleted.`),
  markerNotFound: (detail) => glanceError(400, `No image found with ID ${detail}`),
  markerNotVisible: (detail) => glanceError(403, `Forbidding request, image ${detail} not visible`),
  badTimeFilter: (detail) =>
    glanceError(400, `Bad "${detail}" query filter format. Use ISO 8601 DateTime notation.`),
  unknownFilterOperator: () => glanceError(400, 'Unable to filter on a unknown operator.'),
  unknownNameOperator: (detail) => glanceError(400, `Unable to filter by unknown operator '${detail}'.`),
  nonNumericRange: () => glanceError(400, 'Unable to filter on a range with a non-numeric value.'),
  invalidInList: (detail) => glanceError(400, detail),
  duplicateImage: (detail) => glanceError(409, `Image ID ${detail} already exists!`),
  ownerNotPermitted: (detail) =>
    glanceError(403, `You are not permitted to create images owned by '${detail}'.`),
  publicizeNotAllowed: () => glanceError(403, 'You are not authorized to complete publicize_image action.'),
  ownerChangeNotAllowed: () => glanceErrorDetail(403, "Owner can't be updated by non admin."),
  onlyQueuedReplace: (detail) =>
    glanceError(403, `Attribute ${detail} can be only replaced for a queued image.`),
  propertyNotFound: (detail) => glanceErrorDetail(409, `Property ${detail} does not exist.`),
  propertyNotRemovable: (detail) => glanceErrorDetail(403, `Property ${detail} may not be removed.`),
  propertyAlreadyPresent: (detail) => glanceErrorDetail(409, `Property ${detail} already present.`),
  fourByteUnicode: (detail) => glanceError(400, detail),
  invalidStatusTransition: (detail) => {
    const [from, to] = detail.split(' ');
    return glanceError(409, `Image status transition from ${from} to ${to} is not allowed`);
  },
  actionNotAllowed: (detail) => {
    const [action, status] = detail.split(' ');
    return glanceError(403, `Not allowed to ${action} image in status '${status}'`);
  },
  imageDeactivated: () =>
    glanceError(403, 'The requested image has been deactivated. Image data download is forbidden.'),
  tagNotFound: () => glanceError(404),
  duplicateMember: (detail, { imageId }) =>
    glanceError(409, `Member ${detail} is duplicated for image ${imageId}`),
  memberNotFound: (detail, { imageId }) =>
    glanceError(404, `${detail} not found in the member list of the image ${imageId}.`),
  membershipRefused: (detail, { endpoint, imageId }) => {
    // Each endpoint of image_members.py words Forbidden its own way; show hides it as a 404.
    if (endpoint === 'glance.members.show') return glanceError(404, detail);
    if (endpoint === 'glance.members.list') {
      return glanceError(403, `Not allowed to list members for image ${imageId}: ${detail}`);
    }
    const verb = { 'glance.members.create': 'create', 'glance.members.delete': 'delete' }[endpoint as string];
    return glanceError(403, `Not allowed to ${verb ?? 'update'} members for image ${imageId}.`);
  },
  invalidMemberStatus: () =>
    glanceError(400, 'Incorrect request: Status must be "pending", "accepted" or "rejected".'),
  tagLimitExceeded: (detail, { endpoint, imageId }) => {
    const limit = `The limit has been exceeded on the number of allowed image tags. ${detail}`;
    // image_tags.py wraps the quota's words (with its trailing colon); images.py does not.
    return glanceError(
      413,
      endpoint === 'glance.tags.add' ? `Image tag limit exceeded for image ${imageId}: ${limit}:` : limit,
    );
  },
  memberLimitExceeded: (detail, { imageId }) =>
    glanceError(
      413,
      `Image member limit exceeded for image ${imageId}: The limit has been exceeded on the number of allowed image members for this image. ${detail}:`,
    ),
  propertyLimitExceeded: (detail) =>
    glanceError(413, `The limit has been exceeded on the number of allowed image properties. ${detail}`),
  // The Nova proxy's changes-since filter, which Glance's own API refuses before listing.
  invalidChangesSince: () => glanceError(500),
  // An exception no layer of Glance's API catches: WebOb's bare 500.
  internalError: () => glanceError(500),
};

export function faultForRefusal(error: GlanceError, route: GlanceRoute): GlanceFault {
  return FAULTS[error.kind](error.detail ?? '', route);
}
