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
  authorise<P extends Permission>(
    permission: P,
    subject: SubjectFor<P>,
    what: { entity: string; id: string },
  ): void;
  /** Says that a command needs no authorisation (creating the first account, accepting an invitation). */
  open(reason: string): void;
  /** Locks the plan's row until commit and raises its revision; its caches are cleared after commit. */
  touchPlan(planId: string): Promise<void>;
  /** An event for the audit log, written with the actor in this transaction. */
  record(event: EventInput): void;
  afterCommit(work: () => void | Promise<void>): void;
  /** Runs another command in this transaction, as this actor or (setting an organisation up) another. */
  run<S extends z.ZodType, R>(command: Command<S, R>, input: z.input<S>, as?: Actor): Promise<R>;
}

export interface Command<S extends z.ZodType, R> {
  /** e.g. "action.progress": names the command in errors and the docs. */
  name: string;
  input: S;
  handle(ctx: CommandContext, input: z.output<S>): Promise<R>;
}

export const defineCommand = <S extends z.ZodType, R>(command: Command<S, R>): Command<S, R> => command;

interface Scope {
  trx: Transaction<Database>;
  touched: Set<string>;
  after: (() => void | Promise<void>)[];
}

export interface Runner {
  run<S extends z.ZodType, R>(command: Command<S, R>, actor: Actor, input: z.input<S>): Promise<R>;
}

export function createRunner(db: Db, cache: PlanCache, today: () => string): Runner {
  async function execute<S extends z.ZodType, R>(
    scope: Scope,
    command: Command<S, R>,
    actor: Actor,
    rawInput: unknown,
  ): Promise<R> {
    const input = command.input.parse(rawInput);
    const events: EventInput[] = [];
    let authorised = false;
    const ctx: CommandContext = {
      trx: scope.trx,
      actor,
      today: today(),
      authorise: (permission, subject, what) => {
        authorise(actor, permission, subject, what);
        authorised = true;
      },
      open: () => {
        authorised = true;
      },
      touchPlan: async (planId) => {
        if (!(await touchPlan(scope.trx, planId))) throw new NotFoundError('plan', planId);
        scope.touched.add(planId);
      },
      record: (event) => events.push(event),
      afterCommit: (work) => scope.after.push(work),
      run: (inner, innerInput, as) => execute(scope, inner, as ?? actor, innerInput),
    };
    const result = await command.handle(ctx, input);
    // A command that never asked the policies is a bug, never a silent allow.
    if (!authorised) throw new Error(`Command ${command.name} did not authorise its actor`);
    for (const { actorOverride, ...event } of events)
      await recordAudit(scope.trx, {
        ...event,
        actor: actorOverride?.name ?? actor.name,
        actorId: actorOverride?.id ?? actor.userId,
      });
    return result;
  }

  return {
    async run(command, actor, input) {
      const scope: Omit<Scope, 'trx'> = { touched: new Set(), after: [] };
      const result = await db
        .transaction()
        .execute((trx) => execute({ ...scope, trx }, command, actor, input));
      for (const planId of scope.touched) cache.changed(planId);
      for (const work of scope.after) await work();
      return result;
    },
  };
}
