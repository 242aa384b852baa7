/**
 * Nova's error bodies (behaviour spec §4.2): `{"<faultName>": {"code": N, "message": "..."}}`,
 * always `application/json; charset=UTF-8`.
 */

const FAULT_NAMES: Readonly<Record<number, string>> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

/** The fault name Nova uses for a status; anything unlisted (406, 500, …) is `computeFault`. */
export function faultName(status: number): string {
  return FAULT_NAMES[status] ?? 'computeFault';
}

/** An error that becomes Nova's fault body. Thrown anywhere on a request's path. */
export class NovaFault extends Error {
  readonly status: number;
  /** Seconds for `Retry-After` and `retryAfter` (413 and 429 only). */
  readonly retryAfter: string | undefined;

  constructor(status: number, message: string, retryAfter?: string) {
    super(message);
    this.name = 'NovaFault';
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /** The JSON body, e.g. `{"itemNotFound": {"code": 404, "message": "Image not found."}}`. */
  toJSON(): Record<string, { code: number; message: string; retryAfter?: string }> {
    const detail: { code: number; message: string; retryAfter?: string } = {
      code: this.status,
      message: this.message,
    };
    if (this.retryAfter !== undefined && (this.status === 413 || this.status === 429)) {
      detail.retryAfter = this.retryAfter;
    }
    return { [faultName(this.status)]: detail };
  }
}

export const badRequest = (message: string): NovaFault => new NovaFault(400, message);
export const forbidden = (message: string): NovaFault => new NovaFault(403, message);
export const notFound = (message: string): NovaFault => new NovaFault(404, message);

/** The message of a 404 for a resource Nova hides or cannot route at this microversion (§5.3, §9.5). */
export const RESOURCE_NOT_FOUND = 'The resource could not be found.';
export const IMAGE_NOT_FOUND = 'Image not found.';

// Nova's own faults of the images proxy, one constructor each (error injection answers with these too).

/** §9.2, §9.3 and every metadata call on an image the caller cannot see. */
export const imageNotFound = (): NovaFault => notFound(IMAGE_NOT_FOUND);
/** §9.3: images.py `delete` on ImageNotAuthorized. */
export const notAllowedToDeleteImage = (): NovaFault => forbidden('You are not allowed to delete the image.');
/** §9.10: ImageNotAuthorized's message on the metadata calls. */
export const notAuthorizedForImage = (imageId: string): NovaFault =>
  forbidden(`Not authorized for image ${imageId}.`);
/** §9.5: image_metadata.py `show` raises a bare HTTPNotFound. */
export const metadataKeyNotFound = (): NovaFault => notFound(RESOURCE_NOT_FOUND);
/** §9.9: image_metadata.py `delete`. */
export const invalidMetadataKey = (): NovaFault => notFound('Invalid metadata key');
/** §10.3: current Nova answers 403, not the pre-2014 413 overLimit. */
export const imageMetadataLimitExceeded = (): NovaFault => forbidden('Image metadata limit exceeded');

/** master's nova/version.py `NOVA_SUPPORT` (Zed's is in its release profile, release.ts). */
const MASTER_SUPPORT = 'Please contact the administrator';

/**
 * §4.2: how Nova answers an exception it did not expect (nova/api/openstack/wsgi.py
 * `expected_errors`): 500 computeFault naming the exception's class after the release's
 * `NOVA_SUPPORT` sentence; `inRelease` words it for the release served.
 */
export class UnexpectedApiError extends NovaFault {
  readonly className: string;

  constructor(className: string, support = MASTER_SUPPORT) {
    super(500, `Unexpected API Error. ${support}\n<class '${className}'>`);
    this.className = className;
  }

  inRelease(support: string): UnexpectedApiError {
    return new UnexpectedApiError(this.className, support);
  }
}

export function unexpectedApiError(className: string): NovaFault {
  return new UnexpectedApiError(className);
}

/**
 * nova/api/openstack/__init__.py `FaultWrapper._error`: an exception no inner layer caught (a
 * RecursionError from json.loads, say) becomes a bare webob HTTPInternalServerError, whose
 * explanation is webob's default text.
 */
export class ServerErredFault extends NovaFault {
  constructor() {
    super(500, 'The server has either erred or is incapable of performing the requested operation.');
  }
}
