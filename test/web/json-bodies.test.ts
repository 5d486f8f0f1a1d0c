/** JSON bodies: too deep a nesting, prototype keys and broken JSON are refused with 400 before any route runs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../src/core/demo.ts';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../../src/web/json-body.ts';
import { startTestApp, type TestApp } from '../support/web.ts';

describe('JSON bodies', () => {
  let t: TestApp;
  let token: string;
  let actionId: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = (await t.ops.createToken(DEMO_USER.email)).token;
    actionId = (await t.ops.exportDocument(t.planId)).actions[0]!.id;
  });
  afterAll(async () => t?.close());

  const post = (payload: string) =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/actions/${actionId}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload,
    });

  it('counts nesting outside strings only', () => {
    const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify({ text: '[[[[[[[[[[ \\" {{{{{{{{{' }), 2)).toBe(false);
  });

  it('refuses a million nested brackets, a prototype key and broken JSON with 400', async () => {
    const deep = await post('['.repeat(1_000_000) + ']'.repeat(1_000_000));
    expect(deep.statusCode).toBe(400);
    expect(deep.body).toContain(`nests deeper than ${MAX_JSON_DEPTH} levels`);
    const proto = await post('{"text": "x", "__proto__": {"admin": true}}');
    expect(proto.statusCode).toBe(400);
    const broken = await post('{"text": ');
    expect(broken.statusCode).toBe(400);
    expect(broken.body).toContain('not valid JSON');
    // An ordinary body still reaches the route (which says what is wrong with it as a plan).
    const ordinary = await post('{"text": "Reviewed"}');
    expect(ordinary.statusCode).toBe(409);
    expect(ordinary.body).toContain('version');
    expect(ordinary.body).not.toContain('not valid JSON');
  });
});
