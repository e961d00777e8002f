/**
 * A chunked request body of `totalBytes` (no content-length) that records how much the server pulled:
 * a handler that stops at its limit pulls little more than the limit, one that buffers pulls it all.
 * Every chunk is the same buffer, so the test itself stays small whatever the size.
 */
export function countingBody(totalBytes: number, chunkBytes = 64 * 1024) {
  const chunk = new Uint8Array(chunkBytes).fill(0x61);
  const stats = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stats.pulled >= totalBytes) return controller.close();
      stats.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

/** A POST whose body is a `countingBody` stream. */
export function streamedPost(url: string, totalBytes: number, headers: Record<string, string> = {}) {
  const { stream, stats } = countingBody(totalBytes);
  const request = new Request(url, { method: "POST", body: stream, headers, duplex: "half" } as RequestInit);
  return { request, stats };
}
