import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connection.ts';
import * as initial from './migrations/0001-initial.ts';
import * as accounts from './migrations/0002-accounts.ts';
import * as measureSettings from './migrations/0003-measure-settings.ts';
import * as measureRecommendations from './migrations/0004-measure-recommendations.ts';
import * as findingSubjects from './migrations/0005-finding-subjects.ts';
import * as dropUnusedDueIndex from './migrations/0006-drop-unused-due-index.ts';
import * as access from './migrations/0007-access.ts';
import * as editing from './migrations/0008-editing.ts';
import * as snapshots from './migrations/0009-snapshots.ts';
import * as signOff from './migrations/0010-sign-off.ts';
import * as dueChanges from './migrations/0011-due-change-requests.ts';
import * as closure from './migrations/0012-recommendation-closure.ts';
import * as packTemplate from './migrations/0013-pack-template.ts';
import * as signOffApprover from './migrations/0014-sign-off-approver.ts';
import * as importMappings from './migrations/0015-import-mappings.ts';
import * as signInFailures from './migrations/0016-sign-in-failures.ts';
import * as recommendationSources from './migrations/0017-recommendation-sources.ts';
import * as auditChain from './migrations/0018-audit-chain.ts';
import * as sessionLastSeen from './migrations/0019-session-last-seen.ts';
import * as passwordResets from './migrations/0020-password-resets.ts';
import * as secondFactor from './migrations/0021-second-factor.ts';
import * as signInSettings from './migrations/0022-sign-in-settings.ts';
import * as calendarFeeds from './migrations/0023-calendar-feeds.ts';
import * as mailOutbox from './migrations/0024-mail-outbox.ts';
import * as digests from './migrations/0025-digests.ts';
import * as mutedKinds from './migrations/0026-muted-kinds.ts';
import * as follows from './migrations/0027-follows.ts';
import * as structureRevision from './migrations/0028-structure-revision.ts';

/** Migrations are listed in code (not read from a folder) so they work the same from tsx, tests and builds. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-accounts': accounts,
  '0003-measure-settings': measureSettings,
  '0004-measure-recommendations': measureRecommendations,
  '0005-finding-subjects': findingSubjects,
  '0006-drop-unused-due-index': dropUnusedDueIndex,
  '0007-access': access,
  '0008-editing': editing,
  '0009-snapshots': snapshots,
  '0010-sign-off': signOff,
  '0011-due-change-requests': dueChanges,
  '0012-recommendation-closure': closure,
  '0013-pack-template': packTemplate,
  '0014-sign-off-approver': signOffApprover,
  '0015-import-mappings': importMappings,
  '0016-sign-in-failures': signInFailures,
  '0017-recommendation-sources': recommendationSources,
  '0018-audit-chain': auditChain,
  '0019-session-last-seen': sessionLastSeen,
  '0020-password-resets': passwordResets,
  '0021-second-factor': secondFactor,
  '0022-sign-in-settings': signInSettings,
  '0023-calendar-feeds': calendarFeeds,
  '0024-mail-outbox': mailOutbox,
  '0025-digests': digests,
  '0026-muted-kinds': mutedKinds,
  '0027-follows': follows,
  '0028-structure-revision': structureRevision,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * PostgreSQL's "no such column" or "no such table" while the migrator reads the catalogue: Kysely looks at every
 * schema's tables to find its own, and another process changing its schema at that moment (the job queue creating
 * graphile_worker's tables as a worker starts) can remove what the catalogue query was reading. Nothing was changed:
 * each migration runs in a transaction, so the whole run is tried again.
 */
const CATALOGUE_RACE = new Set(['42703', '42P01']);
const ATTEMPTS = 3;

export async function migrateToLatest(db: Db): Promise<string[]> {
  for (let attempt = 1; ; attempt += 1) {
    const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
    const code = (error as { code?: unknown } | undefined)?.code;
    if (error && typeof code === 'string' && CATALOGUE_RACE.has(code) && attempt < ATTEMPTS) {
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      continue;
    }
    if (error)
      throw new Error(
        `Database migration failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      );
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }
}
