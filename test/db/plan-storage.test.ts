import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.ts';
import { StaleVersionError, ValidationError } from '../../src/db/errors.ts';
import { actorByEmail } from '../../src/core/actors.ts';
import { addUser } from '../../src/core/commands/account.commands.ts';
import { editAction, recordProgress } from '../../src/core/commands/action.commands.ts';
import { createCore, type Core } from '../../src/core/index.ts';
import { OPERATOR, type UserActor } from '../../src/domain/actor.ts';
import { operatorShortcuts, type OperatorShortcuts } from '../support/core.ts';
import { dialectsToTest, openTestDatabase } from '../support/databases.ts';
import { demoDocumentInput, expectedDemoDocument, withCanonicalIds } from '../support/plan-json.ts';

describe.each(dialectsToTest())('plan storage on %s', (dialect) => {
  let connection: Connection;
  let core: Core;
  let ops: OperatorShortcuts;

  beforeAll(async () => {
    connection = await openTestDatabase(dialect);
    core = createCore(connection, { today: () => '2026-11-22' });
    ops = operatorShortcuts(core);
  });
  afterAll(async () => connection?.close());

  const rowCount = async (
    table: 'plans' | 'actions' | 'sections' | 'progress_updates' | 'audit_log' | 'organisations',
  ) =>
    Number(
      (
        await connection.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('round-trips the demo plan through Plan JSON without loss', async () => {
    const saved = await ops.importDocument(demoDocumentInput());
    const exported = await ops.exportDocument(saved.planId);
    expect(withCanonicalIds(exported)).toEqual(withCanonicalIds(expectedDemoDocument()));
  });

  it('round-trips a second time: export, import, export gives the same document', async () => {
    const first = await ops.importDocument(demoDocumentInput(), { organisation: 'Second Council' });
    const once = await ops.exportDocument(first.planId);
    const second = await ops.importDocument(once, { organisation: 'Second Council' });
    const twice = await ops.exportDocument(second.planId);
    expect(withCanonicalIds(twice)).toEqual(withCanonicalIds(once));
    expect(twice.plan.organisation).toBe('Second Council');
  });

  it('keeps every row inside its organisation', async () => {
    const a = await ops.importDocument(demoDocumentInput(), { organisation: 'Tenant A' });
    const b = await ops.importDocument(demoDocumentInput(), { organisation: 'Tenant B' });
    expect(a.organisationId).not.toBe(b.organisationId);
    // An account of tenant A is told B's plan and actions do not exist.
    await core.run(addUser, OPERATOR, {
      email: 'admin@tenant-a.example',
      organisation: 'Tenant A',
      role: 'admin',
      password: 'a-long-password',
    });
    const actorA = await actorByEmail(connection.db, 'admin@tenant-a.example');
    await expect(core.queries.plans.document(actorA, b.planId)).rejects.toThrow(/No plan/);
    const action = (await ops.exportDocument(b.planId)).actions[0];
    await expect(core.queries.actions.action(actorA, action?.id as string)).rejects.toThrow(/No action/);
    expect((await core.queries.plans.document(actorA, a.planId)).actions).toHaveLength(14);
  });

  it('keeps what it knows of a person when a later plan is silent, and adds what that plan states', async () => {
    const organisation = 'People Council';
    const first = await ops.importDocument(demoDocumentInput(), { organisation });
    const later = demoDocumentInput() as { people: Record<string, unknown>[] };
    const [grace, daniel] = later.people as [Record<string, unknown>, Record<string, unknown>];
    grace.jobTitle = null;
    grace.email = null;
    daniel.jobTitle = 'Director of Practice';
    const second = await ops.importDocument(later, { organisation });
    expect(second.organisationId).toBe(first.organisationId);
    const people = await ops.exportDocument(second.planId);
    const byName = new Map(people.people.map((p) => [p.name, p]));
    expect(byName.get(grace.name as string)).toMatchObject({
      jobTitle: 'Head of Service, Front Door and Early Help',
      email: 'grace.okafor@riverside.example',
    });
    expect(byName.get(daniel.name as string)?.jobTitle).toBe('Director of Practice');
    const stored = await connection.db
      .selectFrom('people')
      .select(['name', 'version'])
      .where('organisation_id', '=', first.organisationId)
      .where('name', 'in', [grace.name as string, daniel.name as string])
      .execute();
    expect(Object.fromEntries(stored.map((p) => [p.name, p.version]))).toEqual({
      [grace.name as string]: 1,
      [daniel.name as string]: 2,
    });
  });

  it('stores nothing of a plan whose save fails part-way', async () => {
    const before = {
      plans: await rowCount('plans'),
      actions: await rowCount('actions'),
      sections: await rowCount('sections'),
      organisations: await rowCount('organisations'),
    };
    // Valid to the schema up to the last action, which the database refuses (text may not be null).
    const doc = expectedDemoDocument();
    (doc.actions[doc.actions.length - 1] as { text: unknown }).text = null;
    await expect(ops.importDocument(doc, { organisation: 'Half Written Council' })).rejects.toThrow();
    expect({
      plans: await rowCount('plans'),
      actions: await rowCount('actions'),
      sections: await rowCount('sections'),
      organisations: await rowCount('organisations'),
    }).toEqual(before);
  });

  it('refuses an invalid document, naming the field', async () => {
    const bad = demoDocumentInput() as { actions: Record<string, unknown>[] };
    (bad.actions[2] as Record<string, unknown>).sectionId = 'no-such-section';
    await expect(ops.importDocument(bad, { file: 'bad.json' })).rejects.toThrow(
      /bad\.json: actions\[2\]\.sectionId: no section has id "no-such-section"/,
    );
    const wrongType = demoDocumentInput() as { plan: Record<string, unknown> };
    wrongType.plan.date = '2 Feb 2026';
    const error = await ops.importDocument(wrongType, { file: 'x.json' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/x\.json: plan\.date: must be a date written YYYY-MM-DD/);
  });

  describe('changing an action', () => {
    let organisationId: string;
    let actionId: string;
    let daniel: UserActor;

    beforeAll(async () => {
      const saved = await ops.importDocument(demoDocumentInput(), { organisation: 'Change Council' });
      organisationId = saved.organisationId;
      const doc = await ops.exportDocument(saved.planId);
      actionId = doc.actions.find((a) => a.ref === '2.1.1')?.id as string;
      await core.run(addUser, OPERATOR, {
        email: 'daniel.marsh@change.example',
        name: 'Daniel Marsh',
        organisation: 'Change Council',
        role: 'manager',
        password: 'a-long-password',
      });
      daniel = await actorByEmail(connection.db, 'daniel.marsh@change.example');
    });

    const versionOf = async () =>
      (
        await connection.db
          .selectFrom('actions')
          .select('version')
          .where('id', '=', actionId)
          .executeTakeFirstOrThrow()
      ).version;

    it('applies an edit made against the current version, and audits it', async () => {
      const version = await versionOf();
      await core.run(editAction, daniel, {
        actionId,
        version,
        due: '31 January 2027',
        dueChangeReason: 'Template redesign with families took longer',
      });
      const after = await ops.action(actionId);
      expect(after.due).toMatchObject({ raw: '31 January 2027', kind: 'date', end: '2027-01-31' });
      expect(await versionOf()).toBe(version + 1);
      const audit = await ops.audit(organisationId, {
        entityType: 'action',
        entityId: actionId,
      });
      const last = audit[audit.length - 1];
      expect(last).toMatchObject({ actor: 'Daniel Marsh', actorId: daniel.userId, operation: 'update' });
      expect(last?.before).toMatchObject({ due: { raw: 'Nov-26' } });
      expect(last?.after).toMatchObject({
        due: { raw: '31 January 2027' },
        dueChangeReason: 'Template redesign with families took longer',
      });
    });

    it('refuses an edit made against a stale version, and changes nothing', async () => {
      const version = await versionOf();
      const auditBefore = await rowCount('audit_log');
      const error = await core
        .run(editAction, daniel, { actionId, version: version - 1, text: 'Overwritten' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StaleVersionError);
      expect((error as Error).message).toMatch(
        new RegExp(`version ${version - 1}, it is now at version ${version}`),
      );
      expect((await ops.action(actionId)).text).not.toBe('Overwritten');
      expect(await rowCount('audit_log')).toBe(auditBefore);
    });

    it("records progress with the plan's status key and audits it", async () => {
      const updatesBefore = await rowCount('progress_updates');
      await core.run(recordProgress, daniel, {
        actionId,
        version: await versionOf(),
        status: 'Behind schedule',
        narrative: 'Training venue fell through.',
        date: '2026-11-20',
        evidence: ['Email from venue'],
      });
      const after = await ops.action(actionId);
      expect(after.status).toMatchObject({
        raw: 'Behind schedule',
        state: 'in_progress',
        rag: 'red',
        setBy: 'Daniel Marsh',
      });
      expect(after.updates[after.updates.length - 1]).toEqual({
        id: expect.any(String),
        version: 1,
        date: '2026-11-20',
        author: 'Daniel Marsh',
        narrative: 'Training venue fell through.',
        status: expect.objectContaining({ raw: 'Behind schedule', rag: 'red' }),
        evidence: ['Email from venue'],
      });
      expect(await rowCount('progress_updates')).toBe(updatesBefore + 1);
      const audit = await ops.audit(organisationId, { entityId: actionId });
      expect(audit.map((a) => a.operation)).toEqual(['update', 'progress']);
    });

    it('audits the import of a plan', async () => {
      const audit = await ops.audit(organisationId, { entityType: 'plan' });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        operation: 'import',
        actor: OPERATOR.name,
        after: { actions: 14, sections: 8 },
      });
    });
  });
});
