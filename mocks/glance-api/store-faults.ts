/**
 * The image service's refusals as Glance's API words them (glance/api/v2/images.py,
 * image_data.py, image_actions.py, image_tags.py, image_members.py; glance/db/sqlalchemy/api.py
 * for the listing texts), per endpoint where Glance words one refusal differently.
 */
import { GlanceError } from '../glance/errors.ts';
import { type GlanceFault, glanceError, glanceErrorDetail } from './faults.ts';
import type { GlanceRoute } from './routes.ts';

export function faultForRefusal(error: GlanceError, route: GlanceRoute): GlanceFault {
  const detail = error.detail ?? '';
  const { endpoint, imageId } = route;
  switch (error.kind) {
    case 'imageNotFound':
      return glanceError(
        404,
        endpoint === 'glance.images.delete'
          ? `Failed to find image ${imageId} to delete`
          : `No image found with ID ${imageId}`,
      );
    case 'notAllowed':
      return glanceError(403, 'You do not own this image');
    case 'protected':
      return glanceError(403, `Image ${imageId} is protected and cannot be deleted.`);
    case 'markerNotFound':
      return glanceError(400, `No image found with ID ${detail}`);
    case 'markerNotVisible':
      return glanceError(403, `Forbidding request, image ${detail} not visible`);
    case 'badTimeFilter':
      return glanceError(400, `Bad "${detail}" query filter format. Use ISO 8601 DateTime notation.`);
    case 'unknownFilterOperator':
      return glanceError(400, 'Unable to filter on a unknown operator.');
    case 'unknownNameOperator':
      return glanceError(400, `Unable to filter by unknown operator '${detail}'.`);
    case 'nonNumericRange':
      return glanceError(400, 'Unable to filter on a range with a non-numeric value.');
    case 'duplicateImage':
      return glanceError(409, `Image ID ${detail} already exists!`);
    case 'ownerNotPermitted':
      return glanceError(403, `You are not permitted to create images owned by '${detail}'.`);
    case 'publicizeNotAllowed':
      return glanceError(403, 'You are not authorized to complete publicize_image action.');
    case 'ownerChangeNotAllowed':
      return glanceErrorDetail(403, "Owner can't be updated by non admin.");
    case 'onlyQueuedReplace':
      return glanceError(403, `Attribute ${detail} can be only replaced for a queued image.`);
    case 'propertyNotFound':
      return glanceErrorDetail(409, `Property ${detail} does not exist.`);
    case 'propertyNotRemovable':
      return glanceErrorDetail(403, `Property ${detail} may not be removed.`);
    case 'propertyAlreadyPresent':
      return glanceErrorDetail(409, `Property ${detail} already present.`);
    case 'invalidStatusTransition': {
      const [from, to] = detail.split(' ');
      return glanceError(409, `Image status transition from ${from} to ${to} is not allowed`);
    }
    case 'actionNotAllowed': {
      const [action, status] = detail.split(' ');
      return glanceError(403, `Not allowed to ${action} image in status '${status}'`);
    }
    case 'imageDeactivated':
      return glanceError(403, 'The requested image has been deactivated. Image data download is forbidden.');
    case 'tagNotFound':
      return glanceError(404);
    case 'duplicateMember':
      return glanceError(409, `Member ${detail} is duplicated for image ${imageId}`);
    case 'memberNotFound':
      return glanceError(404, `${detail} not found in the member list of the image ${imageId}.`);
    case 'memberUpdateNotAllowed':
      return glanceError(403, `Not allowed to update members for image ${imageId}.`);
    case 'invalidChangesSince':
      // The Nova proxy's changes-since filter, which Glance's own API refuses before listing.
      return glanceError(500);
  }
}

export function isRefusal(error: unknown): error is GlanceError {
  return error instanceof GlanceError;
}
