/**
 * A file written around the page cache (`O_DIRECT`, Linux) where the file system allows it.
 * Buffered, a million generated images cost the kernel 1.5–3 s of CPU copying 1.1 GB into the
 * page cache (on this machine's two cores, which the generator's workers need); written direct,
 * the device reads the bytes from the process's memory and the kernel copies nothing (0.5 s of
 * CPU for the same file). The file's pages are then not in the page cache: the next reader reads
 * them from the device.
 *
 * Direct writes must be aligned — the memory, the file offset and the length — to the device's
 * block size: the bytes are staged in a page-aligned buffer (a WebAssembly memory, whose base is
 * page-aligned) and written a full stage at a time, and the last stage is padded with zeros and
 * the file cut to its length. Where a direct open or write is refused (EINVAL: a file system
 * without `O_DIRECT`, or a device with larger blocks), the file is written through the page cache
 * from where it stood, the same bytes.
 */
import { constants } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';

/** Alignment of direct writes: a page, a multiple of every usual device block size. */
const ALIGNMENT = 4096;
const WASM_PAGE = 65536;
/** Bytes staged before each write: 8 MiB, a multiple of ALIGNMENT. */
const STAGE_BYTES = 128 * WASM_PAGE;

function refused(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EINVAL';
}

export class DirectFile {
  readonly #path: string;
  #file: FileHandle;
  #direct: boolean;
  readonly #stage: Buffer;
  #held = 0;
  #position = 0;

  private constructor(path: string, file: FileHandle, direct: boolean, stage: Buffer) {
    this.#path = path;
    this.#file = file;
    this.#direct = direct;
    this.#stage = stage;
  }

  /**
   * Whether `path` is a file this writes (a regular file, or none yet): a device, a pipe or a
   * socket (`/dev/null`, a FIFO) has no length to cut and no offsets to write at.
   */
  static async suits(path: string): Promise<boolean> {
    try {
      return (await stat(path)).isFile();
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT';
    }
  }

  /** Creates (or truncates) the regular file `path`, written direct if the platform offers `O_DIRECT`. */
  static async create(path: string): Promise<DirectFile> {
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC;
    // Without WebAssembly (node --jitless) there is no page-aligned memory to write direct from.
    const aligned = typeof WebAssembly !== 'undefined';
    const stage = aligned
      ? Buffer.from(new WebAssembly.Memory({ initial: STAGE_BYTES / WASM_PAGE }).buffer)
      : Buffer.allocUnsafeSlow(STAGE_BYTES);
    if (aligned && constants.O_DIRECT !== undefined) {
      try {
        return new DirectFile(path, await open(path, flags | constants.O_DIRECT, 0o666), true, stage);
      } catch (error) {
        if (!refused(error)) throw error;
      }
    }
    return new DirectFile(path, await open(path, flags, 0o666), false, stage);
  }

  /** Appends `chunk`; its memory may be reused once the returned promise settles. */
  async write(chunk: Uint8Array): Promise<void> {
    let at = 0;
    while (at < chunk.length) {
      const taken = Math.min(chunk.length - at, this.#stage.length - this.#held);
      this.#stage.set(chunk.subarray(at, at + taken), this.#held);
      this.#held += taken;
      at += taken;
      if (this.#held === this.#stage.length) await this.#writeStage();
    }
  }

  /** Writes what is staged, cuts the file to the bytes written and closes it. */
  async close(): Promise<void> {
    const length = this.#position + this.#held;
    if (this.#held > 0) await this.#writeStage();
    await this.#file.truncate(length);
    await this.#file.close();
  }

  /** Writes the staged bytes at the file's end (padded to ALIGNMENT when direct). */
  async #writeStage(): Promise<void> {
    let written = 0;
    while (written < this.#held) {
      const end = this.#direct ? Math.ceil(this.#held / ALIGNMENT) * ALIGNMENT : this.#held;
      this.#stage.fill(0, this.#held, end);
      try {
        const { bytesWritten } = await this.#file.write(
          this.#stage,
          written,
          end - written,
          this.#position + written,
        );
        written += bytesWritten;
      } catch (error) {
        if (!this.#direct || !refused(error)) throw error;
        await this.#file.close();
        this.#file = await open(this.#path, constants.O_WRONLY);
        this.#direct = false;
      }
    }
    this.#position += this.#held;
    this.#held = 0;
  }
}
