/** The policies' verdict as an error a route, the API and the CLI all turn into the same answer. */
import { NotFoundError } from '../db/errors.ts';
import type { Actor } from '../domain/actor.ts';
import { decide, RULES, type Permission, type SubjectFor } from '../domain/policies.ts';
import { ForbiddenError } from './errors.ts';

const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** Throws unless allowed: NotFoundError when the actor may not know the thing exists, ForbiddenError otherwise. */
export function authorise<P extends Permission>(
  actor: Actor,
  permission: P,
  subject: SubjectFor<P>,
  what: { entity: string; id: string },
): void {
  const verdict = decide(actor, permission, subject);
  if (verdict === 'hide') throw new NotFoundError(what.entity, what.id);
  if (verdict === 'forbid')
    throw new ForbiddenError(
      `You cannot ${lower(RULES[permission].describe)}: that is for ${lower(RULES[permission].who)}.`,
    );
}
