/**
 * The one way in for every change. A command is run as: parse its input (zod) → one transaction → load what it
 * checks and authorise the actor against it with the policies → the handler → its events appended to the audit
 * log in the same transaction → after commit, the caches of the plans it touched are cleared and follow-up work
 * runs. A command can run inside another's transaction (`ctx.run`), so several compose into one unit.
 */
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { recordAudit, type AuditEntry } from '../db/repositories/audit.repository.ts';
import { touchPlan } from '../db/repositories/access.repository.ts';
import { NotFoundError } from '../db/errors.ts';
import type { Actor } from '../domain/actor.ts';
import type { Permission, SubjectFor } from '../domain/policies.ts';
import { authorise } from './authorise.ts';
import type { PlanCache } from './plan-cache.ts';
import { DEVELOPMENT_SECRET } from '../config.ts';
import { queueMail } from './mailer.ts';
import type { Message } from './messages.ts';
import type { UploadReader } from '../import/reading-pool.ts';
import { NOTIFYING_OPERATIONS } from '../domain/event-notices.ts';
import { forgetRequestReads, outsideRequest } from './request-scope.ts';

export type EventInput = Omit<AuditEntry, 'organisationId' | 'actor' | 'actorId'> & {
  organisationId: string;
  /** Who the event is by when it is not the actor: the person accepting an invitation becomes a user. */
  actorOverride?: { id: string; name: string };
};

export interface CommandContext {
  readonly trx: Transaction<Database>;
  readonly actor: Actor;
  /** Today's date (YYYY-MM-DD) as the app sees it: tests fix it. */
  readonly today: string;
  /** What this deployment offers, for rules that depend on it (local passwords off only with single sign-on). */
  readonly features: Features;
  authorise<P extends Permission>(
    permission: P,
    subject: SubjectFor<P>,
    what: { entity: string; id: string },
  ): void;
  /** Says that a command needs no authorisation (creating the first account, accepting an invitation). */
  open(reason: string): void;
  /**
   * Locks the plan's row until commit and raises its revision; its caches are cleared after commit. A change
   * confined to one action's own progress says `progressOnly`: what keys on the structure revision is kept.
   */
  touchPlan(planId: string, options?: { progressOnly?: boolean }): Promise<void>;
  /** An event for the audit log, written with the actor in this transaction. */
  record(event: EventInput): void;
  afterCommit(work: () => void | Promise<void>): void;
  /** An email into the outbox in this transaction; it is delivered after commit (nothing is sent if it rolls back). */
  sendMail(
    mail: { organisationId: string; kind: string; to: string; dedupeKey?: string } & Message,
  ): Promise<void>;
  /** Runs another command in this transaction, as this actor or (setting an organisation up) another. */
  run<S extends z.ZodType, R, P>(command: Command<S, R, P>, input: z.input<S>, as?: Actor): Promise<R>;
}

/** What slow work before the transaction may use: reading an upload takes seconds and needs no lock. */
export interface PrepareContext {
  readonly db: Db;
  readonly actor: Actor;
  readUpload: UploadReader['read'];
  readAndPackUpload: UploadReader['readAndPack'];
}

export interface Command<S extends z.ZodType, R, P = undefined> {
  /** e.g. "action.progress": names the command in errors and the docs. */
  name: string;
  input: S;
  /**
   * Work done before the transaction opens, whose result the handler receives: reading an upload in the worker
   * pool, so that no transaction (on SQLite, the one connection) waits on it. It changes nothing; the handler
   * still authorises the actor before anything it prepared is used or stored.
   */
  prepare?(ctx: PrepareContext, input: z.output<S>): Promise<P>;
  handle(ctx: CommandContext, input: z.output<S>, prepared: P): Promise<R>;
}

export const defineCommand = <S extends z.ZodType, R, P = undefined>(
  command: Command<S, R, P>,
): Command<S, R, P> => command;

interface Scope {
  trx: Transaction<Database>;
  /** The plans changed, each with whether only an action's progress changed in it. */
  touched: Map<string, boolean>;
  after: (() => void | Promise<void>)[];
  /** The organisations whose logs gained an event the followers' notifier reads. */
  notifying: Set<string>;
}

export interface Runner {
  run<S extends z.ZodType, R, P>(command: Command<S, R, P>, actor: Actor, input: z.input<S>): Promise<R>;
}

export interface Features {
  /** Single sign-on with the council's account is set up. */
  councilSignIn: boolean;
  /** The service's address, for links in emails. */
  publicUrl: string;
  /** Delivers the outbox (after a commit that queued mail). */
  deliverMail: () => void;
  /** Signs and checks the links in emails. */
  secretKey: string;
  /** Tells followers of what the committed events changed (an action's status, a measure's colour). */
  notifyFollowers: (organisationIds: string[]) => void;
}

const NO_FEATURES: Features = {
  councilSignIn: false,
  publicUrl: 'http://localhost:3000',
  deliverMail: () => {},
  secretKey: DEVELOPMENT_SECRET,
  notifyFollowers: () => {},
};

export function createRunner(
  db: Db,
  cache: PlanCache,
  today: () => string,
  reader: Pick<UploadReader, 'read' | 'readAndPack'>,
  features: Features = NO_FEATURES,
): Runner {
  const prepare = <S extends z.ZodType, R, P>(command: Command<S, R, P>, actor: Actor, input: z.output<S>) =>
    command.prepare
      ? command.prepare(
          {
            db,
            actor,
            readUpload: (...args) => reader.read(...args),
            readAndPackUpload: (...args) => reader.readAndPack(...args),
          },
          input,
        )
      : Promise.resolve(undefined as P);

  async function execute<S extends z.ZodType, R, P>(
    scope: Scope,
    command: Command<S, R, P>,
    actor: Actor,
    input: z.output<S>,
    prepared: P,
  ): Promise<R> {
    const events: EventInput[] = [];
    let authorised = false;
    const ctx: CommandContext = {
      trx: scope.trx,
      actor,
      today: today(),
      features,
      authorise: (permission, subject, what) => {
        authorise(actor, permission, subject, what);
        authorised = true;
      },
      open: () => {
        authorised = true;
      },
      touchPlan: async (planId, options) => {
        const progressOnly = options?.progressOnly === true;
        if (!(await touchPlan(scope.trx, planId, progressOnly))) throw new NotFoundError('plan', planId);
        scope.touched.set(planId, (scope.touched.get(planId) ?? true) && progressOnly);
      },
      record: (event) => events.push(event),
      afterCommit: (work) => scope.after.push(work),
      sendMail: async (mail) => {
        await queueMail(scope.trx, mail);
        if (!scope.after.includes(features.deliverMail)) scope.after.push(features.deliverMail);
      },
      run: async (inner, innerInput, as) => {
        const parsed = inner.input.parse(innerInput);
        return execute(scope, inner, as ?? actor, parsed, await prepare(inner, as ?? actor, parsed));
      },
    };
    const result = await command.handle(ctx, input, prepared);
    // A command that never asked the policies is a bug, never a silent allow.
    if (!authorised) throw new Error(`Command ${command.name} did not authorise its actor`);
    for (const event of events)
      if (NOTIFYING_OPERATIONS.has(event.operation)) scope.notifying.add(event.organisationId);
    for (const { actorOverride, ...event } of events)
      await recordAudit(scope.trx, {
        ...event,
        actor: actorOverride?.name ?? actor.name,
        actorId: actorOverride?.id ?? actor.userId,
      });
    return result;
  }

  return {
    async run(command, actor, rawInput) {
      const scope: Omit<Scope, 'trx'> = { touched: new Map(), after: [], notifying: new Set() };
      const input = command.input.parse(rawInput);
      const prepared = await prepare(command, actor, input);
      const result = await db
        .transaction()
        .execute((trx) => execute({ ...scope, trx }, command, actor, input, prepared));
      for (const [planId, progressOnly] of scope.touched)
        cache.changed(planId, progressOnly ? 'progress' : 'all');
      forgetRequestReads();
      await outsideRequest(async () => {
        for (const work of scope.after) await work();
        if (scope.notifying.size > 0) features.notifyFollowers([...scope.notifying]);
      });
      return result;
    },
  };
}
