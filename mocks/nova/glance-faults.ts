/**
 * Glance refusals (GlanceError) -> the faults Nova answers with, per endpoint (behaviour spec
 * §9, §10.3, §11.6). Texts that went through glanceclient keep its `HTTP 400 Bad Request: ` prefix
 * and Glance's HTML escaping.
 */
import type { GlanceError } from '../glance/errors.ts';
import type { GlanceFault } from '../glance-api/faults.ts';
import { htmlEscape } from '../glance-api/faults.ts';
import {
  imageNotFound,
  NovaFault,
  notAllowedToDeleteImage,
  notAuthorizedForImage,
  unexpectedApiError,
} from './faults.ts';
import type { Endpoint } from './routes.ts';

/** §11.6: Glance looks ids longer than a UUID up differently and words the miss differently. */
export function markerNotFound(marker: string): NovaFault {
  return new NovaFault(
    400,
    marker.length > 36
      ? // Glance's message leaves its placeholder unfilled (measured on Glance 25.1.0, issue #10 class 12).
        'HTTP 400 Bad Request: Image with the given id %(image_id)s was not found'
      : `HTTP 400 Bad Request: No image found with ID ${marker}`,
  );
}

export function markerNotVisible(marker: string): NovaFault {
  return new NovaFault(403, `HTTP 403 Forbidden: Forbidding request, image ${marker} not visible`);
}

export function faultForGlanceError(error: GlanceError, endpoint: Endpoint, imageId: string): NovaFault {
  const detail = error.detail ?? '';
  switch (error.kind) {
    case 'imageNotFound':
      return imageNotFound();
    case 'notAllowed':
    case 'protected':
      // §9.3 for image deletes; §9.10 for every metadata write.
      return endpoint === 'images.delete' ? notAllowedToDeleteImage() : notAuthorizedForImage(imageId);
    case 'markerNotFound':
      return markerNotFound(detail);
    case 'markerNotVisible':
      return markerNotVisible(detail);
    case 'invalidChangesSince':
      return new NovaFault(
        400,
        'HTTP 400 Bad Request: Bad &quot;updated_at&quot; query filter format. Use ISO 8601 DateTime notation.',
      );
    case 'invalidInList':
      // Glance's 400 through glanceclient, HTML-escaped (measured on Nova 26.2.2: name=in:"a,b).
      return new NovaFault(400, `HTTP 400 Bad Request: ${htmlEscape(detail)}`);
    case 'unknownNameOperator':
      return new NovaFault(
        400,
        `HTTP 400 Bad Request: Unable to filter by unknown operator &#x27;${detail}&#x27;.`,
      );
    case 'propertyNotRemovable':
      // Removing a property a dataset named like one of Glance's attributes: Glance's 403.
      return notAuthorizedForImage(imageId);
    case 'internalError':
      return unexpectedApiError('glanceclient.exc.HTTPInternalServerError');
    case 'propertyNotFound':
      // A `replace` of a schema property the image lacks (a `stores` key on an image without
      // data, glanceclient.ts): glanceclient's HTTPConflict is no exception Nova translates.
      return unexpectedApiError('glanceclient.exc.HTTPConflict');
    case 'fourByteUnicode':
      // nova/image/glance.py turns glanceclient's HTTPBadRequest into ImageBadRequest, which no
      // metadata action expects.
      return unexpectedApiError('nova.exception.ImageBadRequest');
    default:
      // Refusals of calls only Glance's own API makes (create, upload, members, …): Nova's proxy
      // never makes them.
      return unexpectedApiError('glanceclient.exc.HTTPException');
  }
}

/**
 * Glance's API refusing the PATCH glanceclient sent (glance/api/v2/images.py
 * `RequestDeserializer.update`), as nova/image/glance.py `_translate_image_exception` turns
 * glanceclient's exception: a 403 is ImageNotAuthorized, which the metadata controller answers
 * with 403; a 400 is ImageBadRequest, which no controller expects (a 500, issue #10 class 2).
 */
export function faultForGlanceFault(fault: GlanceFault, imageId: string): NovaFault {
  switch (fault.status) {
    case 403:
      return notAuthorizedForImage(imageId);
    case 400:
      return unexpectedApiError('nova.exception.ImageBadRequest');
    default:
      return unexpectedApiError('glanceclient.exc.HTTPException');
  }
}
