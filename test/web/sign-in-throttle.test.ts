/**
 * Wrong passwords slow a guesser down to nothing: ten in fifteen minutes for an account, or from an address, and
 * sign-in is refused (even with the right password) with a clear message and an entry in the audit log; other
 * accounts from other addresses are not affected. On both databases, the counts kept in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_COUNCIL, DEMO_USER } from '../../src/core/demo.ts';
import { dialectsToTest } from '../support/databases.ts';
import { signInFrom, startTestApp, type TestApp } from '../support/web.ts';

describe.each(dialectsToTest())('the sign-in throttle on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  /** One sign-in from `address`, as a browser posts it. */
  async function attempt(email: string, password: string, address: string) {
    const response = await signInFrom(t.app, email, password, address);
    return { status: response.statusCode, body: response.body };
  }

  it('refuses an account after ten wrong passwords, says why, and records it', async () => {
    const lead = DEMO_ACCOUNTS.find((a) => a.role === 'lead')!;
    const statuses: number[] = [];
    // A bounded loop: each from another address, so it is the account's count that trips.
    for (let i = 0; i < 10; i++)
      statuses.push((await attempt(lead.email, `wrong-${i}`, `10.0.0.${i + 1}`)).status);
    expect(statuses).toEqual(Array(10).fill(400));
    const locked = await attempt(lead.email, DEMO_USER.password, '10.0.1.1');
    expect(locked.status).toBe(400);
    expect(locked.body).toContain('There have been too many wrong passwords. Try again in 15 minutes');
    // Another account is unaffected.
    const other = await attempt(DEMO_USER.email, DEMO_USER.password, '10.0.1.2');
    expect(other.status).toBe(303);
    const org = (await t.ops.organisations()).find((o) => o.name === DEMO_COUNCIL)!.id;
    const entries = await t.ops.audit(org, { entityType: 'account' });
    expect(entries.some((e) => e.operation === 'lock')).toBe(true);
  });

  it('refuses an address after ten wrong passwords, whichever accounts it tried', async () => {
    const board = DEMO_ACCOUNTS.find((a) => a.role === 'board')!;
    for (let i = 0; i < 10; i++)
      expect((await attempt(`nobody-${i}@example.org`, 'guess', '192.0.2.7')).status).toBe(400);
    const locked = await attempt(board.email, DEMO_USER.password, '192.0.2.7');
    expect(locked.body).toContain('There have been too many wrong passwords');
    // The same account from elsewhere signs in.
    expect((await attempt(board.email, DEMO_USER.password, '192.0.2.8')).status).toBe(303);
  });
});
