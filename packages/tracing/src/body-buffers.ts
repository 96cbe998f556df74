/** Free buffers kept for the next requests: one per socket an exporter keeps open is plenty. */
const MAX_FREE = 4;
/** Larger buffers are left to the garbage collector, so one huge export does not pin its memory. */
const MAX_KEPT_BYTES = 4 * 1024 * 1024;
const MIN_BYTES = 16 * 1024;

/**
 * Request bodies, written into buffers that are used again once their
 * request is done. A fresh buffer of a few hundred kB per export cost more
 * than encoding the JSON into it: its memory is new to the process each time.
 */
export class BodyBuffers {
  private readonly free: Buffer[] = [];

  /** The UTF-8 of `pieces` one after the other, in a buffer to `release` once no request uses it. */
  write(pieces: readonly string[]): Buffer {
    let size = 0;
    for (const piece of pieces) size += Buffer.byteLength(piece);
    const buffer = this.take(size);
    let at = 0;
    for (const piece of pieces) at += buffer.write(piece, at);
    return buffer.subarray(0, at);
  }

  /** Gives back the memory of a body from `write`; it must not be used after. */
  release(body: Buffer): void {
    const whole = Buffer.from(body.buffer, 0, body.buffer.byteLength);
    if (this.free.length < MAX_FREE && whole.length <= MAX_KEPT_BYTES) this.free.push(whole);
  }

  private take(size: number): Buffer {
    const buffer = this.free.pop();
    if (buffer && buffer.length >= size) return buffer;
    // Doubling sizes, so a growing load settles on a few buffers instead of one per new size.
    // Not from Buffer's shared pool: a pooled slice would hand out memory other code uses.
    return Buffer.allocUnsafeSlow(Math.max(MIN_BYTES, 2 ** Math.ceil(Math.log2(size))));
  }
}
