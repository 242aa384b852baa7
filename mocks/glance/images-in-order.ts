/**
 * The current images in list order, kept as two arrays so that an image inserted at the front —
 * where a create goes, being the newest — moves none of the others: those inserted at the front,
 * reversed (the last is position 0), then the rest. A splice of a million references at every
 * create took 8–17 ms at a million images once their records were made.
 */
import type { ImageRecord } from '../types.ts';

export class ImagesInOrder {
  readonly #front: ImageRecord[] = [];
  /** A hole (undefined) for each record of a source not made yet (image-service.ts). */
  readonly #rest: (ImageRecord | undefined)[];

  constructor(rest: (ImageRecord | undefined)[]) {
    this.#rest = rest;
  }

  get length(): number {
    return this.#front.length + this.#rest.length;
  }

  /** The image at `position`; undefined for a hole or past the end. */
  at(position: number): ImageRecord | undefined {
    const front = this.#front.length;
    return position < front ? this.#front[front - 1 - position] : this.#rest[position - front];
  }

  set(position: number, image: ImageRecord): void {
    const front = this.#front.length;
    if (position < front) this.#front[front - 1 - position] = image;
    else this.#rest[position - front] = image;
  }

  /** `image` is at `position` from now on; the images from there on move up one. */
  insert(position: number, image: ImageRecord): void {
    const front = this.#front.length;
    if (position <= front) this.#front.splice(front - position, 0, image);
    else this.#rest.splice(position - front, 0, image);
  }

  /** Every image in list order; asked once every record is made (no holes left). */
  inOrder(): ImageRecord[] {
    return [...this.#front].reverse().concat(this.#rest as ImageRecord[]);
  }
}
