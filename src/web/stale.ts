/**
 * The page for an edit made to a version someone else has already replaced: what was changed, by whom and when,
 * and the way back to the item to apply the change again. Nothing of the refused edit is saved.
 */
import type { FastifyRequest } from 'fastify';
import type { Core } from '../core/index.ts';
import { MissingVersionError, StaleVersionError } from '../db/errors.ts';
import { actorOf } from './auth.ts';

export interface StaleView {
  entity: string;
  href: string;
  changedBy: string | null;
  changedAt: string | null;
}

function pageOf(entity: string, id: string, planId: string | null, actionId: string | null): string {
  switch (entity) {
    case 'action':
      return `/actions/${id}`;
    case 'section':
      return `/sections/${id}`;
    case 'recommendation':
      return `/recommendations/${id}`;
    case 'measure':
      return `/measures/${id}`;
    case 'plan':
      return `/plans/${id}/settings`;
    case 'person':
      return planId ? `/plans/${planId}/people` : `/people/${id}`;
    case 'progress update':
      return actionId ? `/actions/${actionId}` : '/plans';
    default:
      return planId ? `/plans/${planId}` : '/plans';
  }
}

export async function staleView(
  core: Core,
  request: FastifyRequest,
  error: unknown,
): Promise<StaleView | null> {
  if (!(error instanceof StaleVersionError) && !(error instanceof MissingVersionError)) return null;
  const change = await core.queries.structure
    .lastChange(actorOf(request), error.entity, error.id)
    .catch(() => null);
  return {
    entity: error.entity,
    href: pageOf(error.entity, error.id, change?.planId ?? null, change?.actionId ?? null),
    changedBy: change?.changedBy ?? null,
    changedAt: change?.changedAt ?? null,
  };
}
