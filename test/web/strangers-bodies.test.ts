/**
 * A request with a body from nobody signed in is answered before its body is read: here the body never ends, and
 * the answer still comes (401 from the API, the sign-in page for a form). Signing in itself is open to strangers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/web.ts';

describe('bodies from strangers', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp();
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => t?.close());

  /** A body that keeps coming until the request is abandoned. */
  function endless(signal: AbortSignal) {
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (signal.aborted) return controller.close();
        await new Promise((r) => setTimeout(r, 5));
        controller.enqueue(chunk);
      },
    });
  }

  it.each([
    ['/api/plans', 'application/json', 401],
    ['/import', 'multipart/form-data; boundary=x', 302],
  ])('POST %s is refused at once', async (path, type, status) => {
    const abort = new AbortController();
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: endless(abort.signal),
      redirect: 'manual',
      signal: AbortSignal.any([abort.signal, AbortSignal.timeout(10_000)]),
      // @ts-expect-error Node's fetch needs this to send a stream; the DOM types do not know it.
      duplex: 'half',
    });
    expect(response.status).toBe(status);
    if (status === 302) expect(response.headers.get('location')).toMatch(/^\/sign-in\?returnTo=/);
    abort.abort();
  });
});
