/** Whether the actor follows an action or a plan: their own choice, or else whether they follow it by default. */
import type { Db } from '../../db/connection.ts';
import type { Actor } from '../../domain/actor.ts';
import { followChoice, followersOf, type FollowSubject } from '../followers.ts';
import type { Access } from './access.ts';

export interface FollowState {
  following: boolean;
  /** Following without having chosen to: a lead, or a manager of the plan. */
  byDefault: boolean;
}

export function createFollowQueries(db: Db, access: Access) {
  /** The actor's own choice, if any: a page that shows the state is kept per choice. */
  async function choice(actor: Actor, subject: FollowSubject, id: string): Promise<boolean | null> {
    return actor.kind === 'user' ? followChoice(db, actor.userId, subject, id) : null;
  }

  async function state(actor: Actor, subject: FollowSubject, id: string): Promise<FollowState | null> {
    if (actor.kind !== 'user') return null;
    if (subject === 'action') await access.action(actor, id);
    else await access.plan(actor, id);
    const followers = await followersOf(db, subject, id);
    const following = followers.some((f) => f.id === actor.userId);
    return { following, byDefault: following && (await choice(actor, subject, id)) === null };
  }

  return { choice, state };
}
