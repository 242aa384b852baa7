/**
 * Glance refusals (StoreError) -> the faults Nova answers with, per endpoint (behaviour spec
 * §9, §10.3, §11.6). Texts that went through glanceclient keep its `HTTP 400 Bad Request: ` prefix
 * and Glance's HTML escaping.
 */
import type { StoreError } from '../store/errors.ts';
import { IMAGE_NOT_FOUND, NovaFault, RESOURCE_NOT_FOUND } from './faults.ts';
import type { Endpoint } from './routes.ts';

/** §11.6: Glance looks ids longer than a UUID up differently and words the miss differently. */
function markerNotFoundMessage(marker: string): string {
  return marker.length > 36
    ? `HTTP 400 Bad Request: Image with the given id ${marker} was not found`
    : `HTTP 400 Bad Request: No image found with ID ${marker}`;
}

export function faultForStoreError(error: StoreError, endpoint: Endpoint, imageId: string): NovaFault {
  const detail = error.detail ?? '';
  switch (error.kind) {
    case 'imageNotFound':
      return new NovaFault(404, IMAGE_NOT_FOUND);
    case 'notAllowed':
    case 'protected':
      // §9.3 for image deletes; §9.10 for every metadata write.
      return endpoint === 'images.delete'
        ? new NovaFault(403, 'You are not allowed to delete the image.')
        : new NovaFault(403, `Not authorized for image ${imageId}.`);
    case 'markerNotFound':
      return new NovaFault(400, markerNotFoundMessage(detail));
    case 'markerNotVisible':
      return new NovaFault(403, `HTTP 403 Forbidden: Forbidding request, image ${detail} not visible`);
    case 'invalidChangesSince':
      return new NovaFault(
        400,
        'HTTP 400 Bad Request: Bad &quot;updated_at&quot; query filter format. Use ISO 8601 DateTime notation.',
      );
    case 'unknownNameOperator':
      return new NovaFault(
        400,
        `HTTP 400 Bad Request: Unable to filter by unknown operator &#x27;${detail}&#x27;.`,
      );
    case 'metadataKeyNotFound':
      // §9.5 vs §9.9: show has no custom message, delete has its own.
      return new NovaFault(404, endpoint === 'metadata.delete' ? 'Invalid metadata key' : RESOURCE_NOT_FOUND);
    case 'metadataQuotaExceeded':
      // §10.3: current Nova answers 403, not the pre-2014 413 overLimit.
      return new NovaFault(403, 'Image metadata limit exceeded');
  }
}
