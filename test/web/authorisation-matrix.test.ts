/**
 * Who may do what, route by route: every route the app registers × every kind of actor (each role of the plan's
 * own council, partner agencies with a joint share, a read share and none, advisers with and without a grant, a
 * foreign council's admin, and nobody signed in) → allowed, 403 or 404. The expectations are written out here,
 * by hand, not read from the policies. A route with no entry fails the test.
 *
 * Requests that change things are sent so that an allowed one changes nothing that matters (a stale version,
 * an email that already has an account, a share that is already there): what is measured is the door.
 */
import { createCalendarFeed } from '../../src/core/commands/calendar.commands.ts';
import { DEVELOPMENT_SECRET } from '../../src/config.ts';
import { signLink } from '../../src/core/signed-links.ts';
import { readFileSync } from 'node:fs';
import { previewImport } from '../../src/core/commands/import.commands.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPreview } from '../../src/core/commands/preview.commands.ts';
import { sharePlan } from '../../src/core/commands/plan.commands.ts';
import { createSection, removeFromPlan } from '../../src/core/commands/structure.commands.ts';
import { lockSnapshot } from '../../src/core/commands/snapshot.commands.ts';
import { requestDueChange } from '../../src/core/commands/due-change.commands.ts';
import { actorByEmail } from '../../src/core/actors.ts';
import { DEMO_PARTNER } from '../../src/core/demo.ts';
import { OPERATOR } from '../../src/domain/actor.ts';
import {
  ACTORS,
  addTenants,
  FOREIGN_TITLE,
  PASSWORD,
  type ActorName,
  type Tenants,
} from '../support/tenants.ts';
import { addOpenFinding } from '../support/core.ts';
import { Browser, csrfIn, startTestApp, type TestApp } from '../support/web.ts';

type Outcome = 'allow' | 403 | 404;
type Row = Record<ActorName, Outcome>;
const A = 'allow' as const;

/** The rows of the matrix, by what a route does. */
const everyone: Row = {
  admin: A,
  manager: A,
  lead: A,
  contributor: A,
  board: A,
  'partner-joint': A,
  'partner-read': A,
  'partner-unshared': A,
  'adviser-granted': A,
  'adviser-ungranted': A,
  'foreign-admin': A,
};
const readPlan: Row = {
  ...everyone,
  'partner-unshared': 404,
  'adviser-ungranted': 404,
  'foreign-admin': 404,
};
const ownOrganisation: Row = {
  ...readPlan,
  'partner-joint': 403,
  'partner-read': 403,
  'adviser-granted': 403,
};
const managePlan: Row = { ...ownOrganisation, lead: 403, contributor: 403, board: 403 };
const progressOnLeadsAction: Row = { ...managePlan, lead: A, contributor: A };
const enterValues: Row = { ...managePlan, contributor: A };
const importPlans: Row = {
  ...everyone,
  lead: 403,
  contributor: 403,
  board: 403,
  'partner-joint': 403,
  'partner-read': 403,
  'partner-unshared': 403,
  'adviser-granted': 403,
  'adviser-ungranted': 403,
};
const ownAdmin: Row = { ...importPlans, manager: 403 };
const partnerAccounts: Row = {
  admin: A,
  manager: 403,
  lead: 403,
  contributor: 403,
  board: 403,
  'partner-joint': 403,
  'partner-read': 404,
  'partner-unshared': 404,
  'adviser-granted': 404,
  'adviser-ungranted': 404,
  'foreign-admin': 404,
};
const councilAccounts: Row = { ...partnerAccounts, 'partner-joint': 404 };
const onlyManager = Object.fromEntries(Object.keys(ACTORS).map((a) => [a, a === 'manager' ? A : 404])) as Row;
const onlyAdmin = Object.fromEntries(Object.keys(ACTORS).map((a) => [a, a === 'admin' ? A : 404])) as Row;

interface Ids {
  planId: string;
  actionId: string;
  recommendationId: string;
  measureId: string;
  personId: string;
  partnerOrgId: string;
  voluntaryOrgId: string;
  tenants: Tenants;
  findings: string[];
  importPreviews: [string, string];
  valuesPreviews: [string, string];
  adminTokenId: string;
  /** The admin's calendar feed: its id (to revoke) and secret (to read). */
  adminFeed: { feedId: string; token: string };
  adminSpareSessionId: string;
  sectionId: string;
  updateId: string;
  /** Made afresh before each restore request, so an allowed one has something to restore. */
  removedId: string;
  snapshotId: string;
  dueRequestId: string;
}

interface Spec {
  row: Row | 'public';
  /** The URL with its parameters filled in. */
  url: (ids: Ids, actor: ActorName) => string;
  /** Statuses that mean the actor was let through (for a change, what its input then gives). */
  allowed: number[];
  form?: Record<string, string>;
  json?: unknown;
  multipart?: boolean;
  before?: (ids: Ids) => Promise<void>;
}

const unsubscribeLink = (userId: string) =>
  `/unsubscribe/${userId}/${signLink(DEVELOPMENT_SECRET, ['unsubscribe', 'digest', userId])}`;

const page = (row: Row | 'public', url: Spec['url'], extra: Partial<Spec> = {}): Spec => ({
  row,
  url,
  allowed: [200],
  ...extra,
});

const HARBOUR = readFileSync(new URL('../fixtures/harbour-plan.txt', import.meta.url));

describe('authorisation matrix', () => {
  let t: TestApp;
  let ids: Ids;
  const browsers = new Map<ActorName, Browser>();
  const tokens = new Map<ActorName, string>();
  let findingIndex = 0;

  const SPECS: Record<string, Spec> = {
    'GET /health': page('public', () => '/health'),
    'GET /': page('public', () => '/', { allowed: [302] }),
    'GET /sign-in': page('public', () => '/sign-in'),
    'POST /sign-in': page('public', () => '/sign-in', {
      allowed: [403],
      form: { email: 'x', password: 'y' },
    }),
    'POST /sign-in/code': page('public', () => '/sign-in/code', {
      allowed: [303],
      form: { code: '123456' },
    }),
    // Without single sign-on set up, back to the sign-in form; a callback with no sign-in under way is refused.
    'GET /sign-in/council': page('public', () => '/sign-in/council', { allowed: [303] }),
    'GET /sign-in/council/callback': page('public', () => '/sign-in/council/callback?code=x&state=y', {
      allowed: [400],
    }),
    'POST /sign-out': page('public', () => '/sign-out', {
      allowed: [303, 403],
      form: { _csrf: 'not-this-session' },
    }),
    'GET /plans': page(everyone, () => '/plans'),
    'GET /plans/:planId': page(readPlan, (i) => `/plans/${i.planId}`),
    'GET /plans/:planId/structure': page(readPlan, (i) => `/plans/${i.planId}/structure`),
    'GET /plans/:planId/findings': page(ownOrganisation, (i) => `/plans/${i.planId}/findings`),
    'POST /plans/:planId/findings/:findingId/dismiss': page(
      managePlan,
      (i) => `/plans/${i.planId}/findings/${i.findings[findingIndex++ % i.findings.length]}/dismiss`,
      { allowed: [303], form: { reason: 'Checked with the plan’s author' } },
    ),
    'GET /actions/:actionId': page(readPlan, (i) => `/actions/${i.actionId}`),
    'POST /actions/:actionId/progress': page(
      progressOnLeadsAction,
      (i) => `/actions/${i.actionId}/progress`,
      {
        allowed: [409],
        form: { version: '999', status: 'On schedule', narrative: 'A stale update' },
      },
    ),
    'POST /actions/:actionId/edit': page(managePlan, (i) => `/actions/${i.actionId}/edit`, {
      allowed: [409],
      form: { version: '999', text: 'A stale edit', leads: 'Daniel Marsh' },
    }),
    'GET /recommendations/:id': page(readPlan, (i) => `/recommendations/${i.recommendationId}`),
    'GET /people/:id': page(readPlan, (i) => `/people/${i.personId}`),
    'GET /my-actions': page(everyone, () => '/my-actions'),
    'GET /import': page(importPlans, () => '/import'),
    'POST /import': page(importPlans, () => '/import', { allowed: [400], multipart: true }),
    'GET /import/:id': page(onlyManager, (i) => `/import/${i.importPreviews[0]}`),
    'POST /import/:id/confirm': page(onlyManager, (i) => `/import/${i.importPreviews[0]}/confirm`, {
      allowed: [303],
      form: {},
    }),
    'POST /import/:id/read-again': page(onlyManager, (i) => `/import/${i.importPreviews[1]}/read-again`, {
      allowed: [303],
      form: { heading: 'Action', role: 'action' },
    }),
    'POST /import/:id/dismiss': page(onlyManager, (i) => `/import/${i.importPreviews[1]}/dismiss`, {
      allowed: [303],
      form: { codes: 'import.layout_guessed' },
    }),
    'POST /import/:id/cancel': page(onlyManager, (i) => `/import/${i.importPreviews[1]}/cancel`, {
      allowed: [303],
      form: {},
    }),
    'GET /plans/:planId/scorecard': page(readPlan, (i) => `/plans/${i.planId}/scorecard`),
    'GET /measures/:id': page(readPlan, (i) => `/measures/${i.measureId}`),
    'POST /measures/:id/values': page(enterValues, (i) => `/measures/${i.measureId}/values`, {
      allowed: [303],
      form: { period: '2026-10', value: '42' },
    }),
    'POST /measures/:id/settings': page(managePlan, (i) => `/measures/${i.measureId}/settings`, {
      allowed: [409],
      form: { version: '999', trajectory: 'stepwise', heldPeriods: '3' },
    }),
    'GET /plans/:planId/values': page(managePlan, (i) => `/plans/${i.planId}/values`),
    'POST /plans/:planId/values': page(managePlan, (i) => `/plans/${i.planId}/values`, {
      allowed: [400],
      multipart: true,
    }),
    'GET /plans/:planId/values/:id': page(
      onlyManager,
      (i) => `/plans/${i.planId}/values/${i.valuesPreviews[0]}`,
    ),
    'POST /plans/:planId/values/:id/confirm': page(
      onlyManager,
      (i) => `/plans/${i.planId}/values/${i.valuesPreviews[0]}/confirm`,
      { allowed: [303], form: {} },
    ),
    'POST /plans/:planId/values/:id/cancel': page(
      onlyManager,
      (i) => `/plans/${i.planId}/values/${i.valuesPreviews[1]}/cancel`,
      { allowed: [303], form: {} },
    ),
    'GET /organisation/users': page(ownAdmin, () => '/organisation/users'),
    'GET /organisation/audit': page(ownAdmin, () => '/organisation/audit'),
    'GET /organisation/sign-in': page(ownAdmin, () => '/organisation/sign-in'),
    'GET /organisation/outbox': page(ownAdmin, () => '/organisation/outbox'),
    'POST /organisation/sign-in': page(ownAdmin, () => '/organisation/sign-in', {
      allowed: [303],
      form: { localSignIn: 'yes', secondFactorRequired: 'no', newAccountDomains: '' },
    }),
    'GET /organisations/:organisationId/users': page(
      partnerAccounts,
      (i) => `/organisations/${i.partnerOrgId}/users`,
    ),
    'POST /organisation/users/invitations': page(ownAdmin, () => '/organisation/users/invitations', {
      allowed: [400],
      form: { email: ACTORS.lead, name: 'Already here', role: 'lead' },
    }),
    'POST /organisations/:organisationId/users/invitations': page(
      partnerAccounts,
      (i) => `/organisations/${i.partnerOrgId}/users/invitations`,
      { allowed: [400], form: { email: ACTORS['partner-joint'], name: 'Already here', role: 'partner' } },
    ),
    'POST /organisation/users/:userId/role': page(
      councilAccounts,
      (i) => `/organisation/users/${i.tenants.spareUserId}/role`,
      { allowed: [303], form: { role: 'contributor' } },
    ),
    'POST /organisations/:organisationId/users/:userId/role': page(
      partnerAccounts,
      (i) => `/organisations/${i.partnerOrgId}/users/${i.tenants.sparePartnerId}/role`,
      { allowed: [303], form: { role: 'partner' } },
    ),
    'POST /organisation/users/:userId/deactivate': page(
      councilAccounts,
      (i) => `/organisation/users/${i.tenants.spareUserId}/deactivate`,
      { allowed: [303], form: {} },
    ),
    'POST /organisations/:organisationId/users/:userId/deactivate': page(
      partnerAccounts,
      (i) => `/organisations/${i.partnerOrgId}/users/${i.tenants.sparePartnerId}/deactivate`,
      { allowed: [303], form: {} },
    ),
    'POST /organisation/users/:userId/end-access': page(
      councilAccounts,
      (i) => `/organisation/users/${i.tenants.spareUserId}/end-access`,
      { allowed: [303], form: {} },
    ),
    'POST /organisations/:organisationId/users/:userId/end-access': page(
      partnerAccounts,
      (i) => `/organisations/${i.partnerOrgId}/users/${i.tenants.sparePartnerId}/end-access`,
      { allowed: [303], form: {} },
    ),
    'GET /organisation/partners': page(ownAdmin, () => '/organisation/partners'),
    'POST /organisation/partners': page(ownAdmin, () => '/organisation/partners', {
      allowed: [303],
      form: { name: 'Riverside Police', kind: 'police' },
    }),
    'POST /organisation/grants': page(ownAdmin, () => '/organisation/grants', {
      allowed: [303],
      form: { grantee: 'Department for Education', granted: 'yes' },
    }),
    'GET /plans/:planId/sharing': page(managePlan, (i) => `/plans/${i.planId}/sharing`),
    'POST /plans/:planId/sharing': page(managePlan, (i) => `/plans/${i.planId}/sharing`, {
      allowed: [303],
      form: { organisation: 'Riverside Schools Partnership', access: 'read' },
    }),
    'POST /plans/:planId/sharing/:organisationId/remove': page(
      managePlan,
      (i) => `/plans/${i.planId}/sharing/${i.voluntaryOrgId}/remove`,
      {
        allowed: [303],
        form: {},
        before: async (i) => {
          await t.core.run(sharePlan, OPERATOR, {
            planId: i.planId,
            organisation: 'Riverside Voluntary Sector',
            access: 'read',
          });
        },
      },
    ),
    'POST /plans/:planId/contributors/:userId': page(
      managePlan,
      (i) => `/plans/${i.planId}/contributors/${i.tenants.spareUserId}`,
      { allowed: [303], form: { assigned: 'yes' } },
    ),
    'GET /account': page(everyone, () => '/account'),
    'POST /account/tokens': page(everyone, () => '/account/tokens', { form: { name: 'matrix' } }),
    'POST /account/second-factor': page(everyone, () => '/account/second-factor', { form: {} }),
    // A wrong code is the command's answer (400): the door opened.
    'POST /account/second-factor/confirm': page(everyone, () => '/account/second-factor/confirm', {
      allowed: [400],
      form: { code: '000000' },
    }),
    'POST /account/second-factor/remove': page(everyone, () => '/account/second-factor/remove', {
      allowed: [400],
      form: { code: '000000' },
    }),
    'POST /account/emails': page(everyone, () => '/account/emails', {
      allowed: [303],
      form: { on: 'deadline-reminder' },
    }),
    'POST /account/notifications': page(everyone, () => '/account/notifications', {
      allowed: [303],
      form: { frequency: 'weekly' },
    }),
    // A signed link in an email: its signature is the authority, whoever follows it.
    'GET /unsubscribe/:userId/:signature': page('public', (i) => unsubscribeLink(i.tenants.spareUserId)),
    'POST /unsubscribe/:userId/:signature': page('public', (i) => unsubscribeLink(i.tenants.spareUserId), {
      allowed: [200],
      form: {},
    }),
    // The secret in the address is the key: anyone holding it reads the feed, signed in or not.
    'GET /calendars/:file': page('public', (i) => `/calendars/${i.adminFeed.token}.ics`),
    'POST /account/calendars': page(everyone, () => '/account/calendars', { form: { plan: '' } }),
    'POST /account/calendars/:feedId/revoke': page(
      onlyAdmin,
      (i) => `/account/calendars/${i.adminFeed.feedId}/revoke`,
      { allowed: [303], form: {} },
    ),
    'POST /account/tokens/:tokenId/revoke': page(
      onlyAdmin,
      (i) => `/account/tokens/${i.adminTokenId}/revoke`,
      {
        allowed: [303],
        form: {},
      },
    ),
    'POST /account/sessions/:sessionId/end': page(
      onlyAdmin,
      (i) => `/account/sessions/${i.adminSpareSessionId}/end`,
      { allowed: [303], form: {} },
    ),
    'POST /organisation/users/:userId/password-reset': page(
      councilAccounts,
      (i) => `/organisation/users/${i.tenants.spareUserId}/password-reset`,
      // 400 once the spare account has been deactivated by its own row: the door opened all the same.
      { allowed: [303, 400], form: {} },
    ),
    'POST /organisations/:organisationId/users/:userId/password-reset': page(
      partnerAccounts,
      (i) => `/organisations/${i.partnerOrgId}/users/${i.tenants.sparePartnerId}/password-reset`,
      { allowed: [303, 400], form: {} },
    ),
    'GET /password-reset/:token': page('public', () => '/password-reset/not-a-real-link'),
    'POST /password-reset/:token': page('public', () => '/password-reset/not-a-real-link', {
      allowed: [404],
      form: { password: 'long enough password' },
    }),
    'GET /invitations/:token': page('public', () => '/invitations/not-a-real-invitation'),
    'POST /invitations/:token': page('public', () => '/invitations/not-a-real-invitation', {
      allowed: [404],
      form: { password: 'long enough password' },
    }),
    'GET /api/plans': page(everyone, () => '/api/plans'),
    'GET /api/plans/:planId': page(readPlan, (i) => `/api/plans/${i.planId}`),
    'GET /api/actions/:actionId': page(readPlan, (i) => `/api/actions/${i.actionId}`),
    'PATCH /api/actions/:actionId': page(managePlan, (i) => `/api/actions/${i.actionId}`, {
      allowed: [409],
      json: { version: 999, text: 'A stale edit' },
    }),
    'POST /api/actions/:actionId/progress': page(
      progressOnLeadsAction,
      (i) => `/api/actions/${i.actionId}/progress`,
      {
        allowed: [409],
        json: { version: 999, status: 'On schedule', narrative: 'A stale update' },
      },
    ),
    'GET /api/plans/:planId/measures': page(readPlan, (i) => `/api/plans/${i.planId}/measures`),
    'GET /api/plans/:planId/actions': page(
      readPlan,
      (i) => `/api/plans/${i.planId}/actions?lead=Daniel+Marsh`,
    ),
    'GET /api/plans/:planId/recommendations': page(readPlan, (i) => `/api/plans/${i.planId}/recommendations`),
    'GET /plans/:planId/recommendations': page(readPlan, (i) => `/plans/${i.planId}/recommendations`),
    'GET /plans/:planId/actions.:format': page(readPlan, (i) => `/plans/${i.planId}/actions.csv`),
    'GET /plans/:planId/plan.xlsx': page(readPlan, (i) => `/plans/${i.planId}/plan.xlsx`),
    'GET /plans/:planId/actions/new': page(managePlan, (i) => `/plans/${i.planId}/actions/new`),
    // Allowed: the form comes back asking for the action's words (nothing is added).
    'POST /plans/:planId/actions/new': page(managePlan, (i) => `/plans/${i.planId}/actions/new`, {
      allowed: [400],
      form: { text: '' },
    }),
    'POST /api/plans/:planId/actions': page(managePlan, (i) => `/api/plans/${i.planId}/actions`, {
      allowed: [400],
      json: { text: 'An action in no section' },
    }),
    'POST /api/plans/:planId/values': page(managePlan, (i) => `/api/plans/${i.planId}/values?dryRun=true`, {
      json: { rows: [{ measureRef: 'KPI 1', period: '2026-10', value: 40 }] },
    }),
    'GET /api/measures/:id': page(readPlan, (i) => `/api/measures/${i.measureId}`),
    'POST /api/measures/:id/values': page(enterValues, (i) => `/api/measures/${i.measureId}/values`, {
      allowed: [201],
      json: { period: '2026-10', value: 41 },
    }),
    'GET /api/plans/:planId/settings': page(readPlan, (i) => `/api/plans/${i.planId}/settings`),
    'PATCH /api/plans/:planId': page(managePlan, (i) => `/api/plans/${i.planId}`, {
      allowed: [409],
      json: { version: 999, title: 'A stale title' },
    }),
    'POST /api/plans/:planId/state': page(managePlan, (i) => `/api/plans/${i.planId}/state`, {
      allowed: [409],
      json: { version: 999, state: 'closed' },
    }),
    'POST /api/plans/:planId/sections': page(managePlan, (i) => `/api/plans/${i.planId}/sections`, {
      allowed: [400],
      json: { parentId: 'not-a-section', kind: 'Theme', title: 'Nowhere' },
    }),
    'GET /api/sections/:id': page(readPlan, (i) => `/api/sections/${i.sectionId}`),
    'PATCH /api/sections/:id': page(managePlan, (i) => `/api/sections/${i.sectionId}`, {
      allowed: [409],
      json: { version: 999, title: 'A stale title' },
    }),
    'POST /api/sections/:id/move': page(managePlan, (i) => `/api/sections/${i.sectionId}/move`, {
      allowed: [409],
      json: { version: 999, parentId: null },
    }),
    'DELETE /api/sections/:id': page(managePlan, (i) => `/api/sections/${i.sectionId}`, {
      allowed: [409],
      json: { version: 999, reason: 'A stale removal' },
    }),
    'POST /api/plans/:planId/recommendations': page(
      managePlan,
      (i) => `/api/plans/${i.planId}/recommendations`,
      { allowed: [400], json: { sectionId: 'not-a-section', text: 'Nowhere' } },
    ),
    'GET /api/recommendations/:id': page(readPlan, (i) => `/api/recommendations/${i.recommendationId}`),
    'PATCH /api/recommendations/:id': page(managePlan, (i) => `/api/recommendations/${i.recommendationId}`, {
      allowed: [409],
      json: { version: 999, text: 'A stale edit' },
    }),
    'POST /api/recommendations/:id/move': page(
      managePlan,
      (i) => `/api/recommendations/${i.recommendationId}/move`,
      { allowed: [409], json: { version: 999, sectionId: null } },
    ),
    'DELETE /api/recommendations/:id': page(managePlan, (i) => `/api/recommendations/${i.recommendationId}`, {
      allowed: [409],
      json: { version: 999, reason: 'A stale removal' },
    }),
    'POST /api/actions/:id/move': page(managePlan, (i) => `/api/actions/${i.actionId}/move`, {
      allowed: [409],
      json: { version: 999 },
    }),
    'DELETE /api/actions/:id': page(managePlan, (i) => `/api/actions/${i.actionId}`, {
      allowed: [409],
      json: { version: 999, reason: 'A stale removal' },
    }),
    'POST /api/plans/:planId/measures': page(managePlan, (i) => `/api/plans/${i.planId}/measures`, {
      allowed: [400],
      json: { name: 'Linked to nothing real', actionIds: ['not-an-action'] },
    }),
    'PATCH /api/measures/:id': page(managePlan, (i) => `/api/measures/${i.measureId}`, {
      allowed: [409],
      json: { version: 999, name: 'A stale name' },
    }),
    'DELETE /api/measures/:id': page(managePlan, (i) => `/api/measures/${i.measureId}`, {
      allowed: [409],
      json: { version: 999, reason: 'A stale removal' },
    }),
    'GET /api/plans/:planId/removed': page(readPlan, (i) => `/api/plans/${i.planId}/removed`),
    'POST /api/removed/:id/restore': page(managePlan, (i) => `/api/removed/${i.removedId}/restore`, {
      json: {},
      before: freshRemoval,
    }),
    'POST /api/plans/:planId/people': page(managePlan, (i) => `/api/plans/${i.planId}/people`, {
      allowed: [400],
      json: { name: 'Daniel Marsh' },
    }),
    'PATCH /api/plans/:planId/people/:personId': page(
      managePlan,
      (i) => `/api/plans/${i.planId}/people/${i.personId}`,
      { allowed: [409], json: { version: 999, jobTitle: 'A stale title' } },
    ),
    'POST /api/plans/:planId/people/merge': page(managePlan, (i) => `/api/plans/${i.planId}/people/merge`, {
      allowed: [400],
      json: { keepId: 'x', mergeId: 'x' },
    }),
    // Allowed: the token's account stops following (its own choice, which nothing else here reads).
    'PUT /api/actions/:actionId/following': page(readPlan, (i) => `/api/actions/${i.actionId}/following`, {
      json: { following: false },
    }),
    'PUT /api/plans/:planId/following': page(readPlan, (i) => `/api/plans/${i.planId}/following`, {
      json: { following: false },
    }),
    'PATCH /api/updates/:id': page(progressOnLeadsAction, (i) => `/api/updates/${i.updateId}`, {
      allowed: [409],
      json: { version: 999, narrative: 'A stale correction', reason: 'Matrix' },
    }),
    'DELETE /api/updates/:id': page(progressOnLeadsAction, (i) => `/api/updates/${i.updateId}`, {
      allowed: [409],
      json: { version: 999, reason: 'A stale withdrawal' },
    }),
    'GET /sections/:id': page(readPlan, (i) => `/sections/${i.sectionId}`),
    'POST /sections/:id/edit': page(managePlan, (i) => `/sections/${i.sectionId}/edit`, {
      allowed: [409],
      form: { version: '999', kind: 'Theme', title: 'A stale title' },
    }),
    'POST /sections/:id/move': page(managePlan, (i) => `/sections/${i.sectionId}/move`, {
      allowed: [409],
      form: { version: '999', parentId: '' },
    }),
    'GET /plans/:planId/sections/new': page(managePlan, (i) => `/plans/${i.planId}/sections/new`),
    'POST /plans/:planId/sections/new': page(managePlan, (i) => `/plans/${i.planId}/sections/new`, {
      allowed: [400],
      form: { kind: 'Theme', title: '' },
    }),
    'POST /recommendations/:id/edit': page(managePlan, (i) => `/recommendations/${i.recommendationId}/edit`, {
      allowed: [409],
      form: { version: '999', text: 'A stale edit' },
    }),
    'POST /recommendations/:id/move': page(managePlan, (i) => `/recommendations/${i.recommendationId}/move`, {
      allowed: [409],
      form: { version: '999', sectionId: '' },
    }),
    'GET /plans/:planId/recommendations/new': page(
      managePlan,
      (i) => `/plans/${i.planId}/recommendations/new`,
    ),
    'POST /plans/:planId/recommendations/new': page(
      managePlan,
      (i) => `/plans/${i.planId}/recommendations/new`,
      { allowed: [400], form: { text: '' } },
    ),
    ...Object.fromEntries(
      (
        [
          ['sections', (i: Ids) => i.sectionId],
          ['recommendations', (i: Ids) => i.recommendationId],
          ['actions', (i: Ids) => i.actionId],
          ['measures', (i: Ids) => i.measureId],
        ] as const
      ).flatMap(([path, idOf]) => [
        [`GET /${path}/:id/remove`, page(managePlan, (i) => `/${path}/${idOf(i)}/remove`)],
        [
          `POST /${path}/:id/remove`,
          page(managePlan, (i) => `/${path}/${idOf(i)}/remove`, {
            allowed: [409],
            form: { version: '999', reason: 'A stale removal' },
          }),
        ],
      ]),
    ),
    'GET /plans/:planId/removed': page(readPlan, (i) => `/plans/${i.planId}/removed`),
    'POST /removed/:id/restore': page(managePlan, (i) => `/removed/${i.removedId}/restore`, {
      allowed: [303],
      form: {},
      before: freshRemoval,
    }),
    'GET /plans/:planId/settings': page(managePlan, (i) => `/plans/${i.planId}/settings`),
    'POST /plans/:planId/settings': page(managePlan, (i) => `/plans/${i.planId}/settings`, {
      allowed: [409],
      form: { version: '999', part: 'thresholds', dueSoonDays: '30', staleUpdateDays: '30' },
    }),
    'POST /plans/:planId/state': page(managePlan, (i) => `/plans/${i.planId}/state`, {
      allowed: [409],
      form: { version: '999', state: 'closed' },
    }),
    'POST /actions/:actionId/move': page(managePlan, (i) => `/actions/${i.actionId}/move`, {
      allowed: [409],
      form: { version: '999' },
    }),
    'GET /updates/:id': page(progressOnLeadsAction, (i) => `/updates/${i.updateId}`),
    'POST /updates/:id/correct': page(progressOnLeadsAction, (i) => `/updates/${i.updateId}/correct`, {
      allowed: [409],
      form: { version: '999', narrative: 'A stale correction', status: 'On schedule', reason: 'Matrix' },
    }),
    'POST /updates/:id/withdraw': page(progressOnLeadsAction, (i) => `/updates/${i.updateId}/withdraw`, {
      allowed: [409],
      form: { version: '999', reason: 'A stale withdrawal' },
    }),
    'GET /plans/:planId/measures/new': page(managePlan, (i) => `/plans/${i.planId}/measures/new`),
    'POST /plans/:planId/measures/new': page(managePlan, (i) => `/plans/${i.planId}/measures/new`, {
      allowed: [400],
      form: {
        name: 'Linked to nothing real',
        unit: '%',
        polarity: 'higher_is_better',
        actionIds: 'not-an-action',
      },
    }),
    'GET /measures/:id/definition': page(managePlan, (i) => `/measures/${i.measureId}/definition`),
    'POST /measures/:id/definition': page(managePlan, (i) => `/measures/${i.measureId}/definition`, {
      allowed: [409],
      form: { version: '999', name: 'A stale name', unit: '%', polarity: 'higher_is_better' },
    }),
    'GET /plans/:planId/people': page(managePlan, (i) => `/plans/${i.planId}/people`),
    'POST /plans/:planId/people': page(managePlan, (i) => `/plans/${i.planId}/people`, {
      allowed: [400],
      form: { name: 'Daniel Marsh' },
    }),
    'POST /plans/:planId/people/merge': page(managePlan, (i) => `/plans/${i.planId}/people/merge`, {
      allowed: [400],
      form: { keepId: 'x', mergeId: 'x' },
    }),
    'GET /plans/:planId/people/:personId': page(managePlan, (i) => `/plans/${i.planId}/people/${i.personId}`),
    'POST /plans/:planId/people/:personId': page(
      managePlan,
      (i) => `/plans/${i.planId}/people/${i.personId}`,
      { allowed: [409], form: { version: '999', name: 'Daniel Marsh' } },
    ),
    'GET /plans/:planId/snapshots': page(readPlan, (i) => `/plans/${i.planId}/snapshots`),
    'POST /plans/:planId/snapshots': page(managePlan, (i) => `/plans/${i.planId}/snapshots`, {
      allowed: [400],
      form: { period: '2026-11', board: 'A board the plan does not have' },
    }),
    'GET /snapshots/:id': page(readPlan, (i) => `/snapshots/${i.snapshotId}`),
    'POST /snapshots/:id/correct': page(managePlan, (i) => `/snapshots/${i.snapshotId}/correct`, {
      allowed: [400],
      form: { reason: '' },
    }),
    'GET /snapshots/:id/board-pack.docx': page(readPlan, (i) => `/snapshots/${i.snapshotId}/board-pack.docx`),
    'GET /plans/:planId/board-pack': page(readPlan, (i) => `/plans/${i.planId}/board-pack`),
    'GET /plans/:planId/board-pack.docx': page(readPlan, (i) => `/plans/${i.planId}/board-pack.docx`),
    'GET /plans/:planId/board-pack.pdf': page(readPlan, (i) => `/plans/${i.planId}/board-pack.pdf`),
    'GET /snapshots/:id/board-pack.pdf': page(readPlan, (i) => `/snapshots/${i.snapshotId}/board-pack.pdf`),
    'GET /plans/:planId/changes': page(readPlan, (i) => `/plans/${i.planId}/changes`),
    'POST /actions/:actionId/sign-off': page(managePlan, (i) => `/actions/${i.actionId}/sign-off`, {
      allowed: [409],
      form: { version: '999', decision: 'approve' },
    }),
    // Allowed: the actor stops following (a choice of their own, which nothing else here reads).
    'POST /actions/:actionId/follow': page(readPlan, (i) => `/actions/${i.actionId}/follow`, {
      allowed: [303],
      form: { following: 'no' },
    }),
    'POST /plans/:planId/follow': page(readPlan, (i) => `/plans/${i.planId}/follow`, {
      allowed: [303],
      form: { following: 'no' },
    }),
    'GET /plans/:planId/updates-due': page(managePlan, (i) => `/plans/${i.planId}/updates-due`),
    // Allowed: the date is not one the plan could read (nothing is asked).
    'POST /actions/:actionId/due-change': page(
      progressOnLeadsAction,
      (i) => `/actions/${i.actionId}/due-change`,
      {
        allowed: [400],
        form: { due: 'whenever', reason: 'Matrix' },
      },
    ),
    // Allowed: refused with no note (nothing is decided).
    'POST /actions/:actionId/due-change/:requestId': page(
      managePlan,
      (i) => `/actions/${i.actionId}/due-change/${i.dueRequestId}`,
      { allowed: [400], form: { decision: 'refuse' } },
    ),
    'POST /recommendations/:id/close': page(
      managePlan,
      (i) => `/recommendations/${i.recommendationId}/close`,
      {
        allowed: [409],
        form: { version: '999', kind: 'audit', detail: 'A stale closure' },
      },
    ),
    'POST /recommendations/:id/reopen': page(
      managePlan,
      (i) => `/recommendations/${i.recommendationId}/reopen`,
      {
        allowed: [409],
        form: { version: '999', reason: 'A stale reopening' },
      },
    ),
    'GET /organisation/board-pack': page(ownAdmin, () => '/organisation/board-pack'),
    'POST /organisation/board-pack': page(ownAdmin, () => '/organisation/board-pack', {
      allowed: [303],
      form: { name: 'Matrix pack', 'include-summary': 'yes', 'include-exceptions': 'yes' },
    }),
    'POST /organisation/board-pack/logo': page(ownAdmin, () => '/organisation/board-pack/logo', {
      allowed: [400],
      multipart: true,
    }),
    'GET /api/openapi.json': page('public', () => '/api/openapi.json'),
    'GET /api/docs': page('public', () => '/api/docs'),
    'GET /assets/*': page('public', () => '/assets/images/favicon.ico'),
    'GET /stylesheets/*': page('public', () => '/stylesheets/app.css'),
    'GET /javascripts/*': page('public', () => '/javascripts/app.js'),
  };

  /** A section added and removed by the manager, for a restore request to find. */
  async function freshRemoval(i: Ids) {
    const manager = await actorByEmail(t.connection.db, ACTORS.manager);
    const { sectionId } = await t.core.run(createSection, manager, {
      planId: i.planId,
      kind: 'Theme',
      title: 'Made to be restored',
    });
    i.removedId = (
      await t.core.run(removeFromPlan, manager, {
        type: 'section',
        id: sectionId,
        version: 1,
        reason: 'Matrix',
      })
    ).removedId;
  }

  beforeAll(async () => {
    t = await startTestApp();
    const tenants = await addTenants(t);
    for (const [name, email] of Object.entries(ACTORS) as [ActorName, string][]) {
      browsers.set(name, await new Browser(t.app).signIn(email, PASSWORD));
      tokens.set(name, (await t.ops.createToken(email, `matrix ${name}`)).token);
    }
    const doc = await t.ops.exportDocument(t.planId);
    const db = t.connection.db;
    const org = async (name: string) =>
      (await db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow())
        .id;
    const manager = await actorByEmail(db, ACTORS.manager);
    const preview = async (kind: 'import' | 'values') =>
      kind === 'import'
        ? (await t.core.run(previewImport, manager, { file: 'harbour-plan.txt', content: HARBOUR })).previewId
        : (
            await t.core.run(createPreview, manager, {
              kind,
              planId: t.planId,
              file: 'matrix',
              payload: { file: 'matrix', accepted: [], rejected: [] },
            })
          ).previewId;
    // Findings to dismiss: one for each request the matrix lets through (admin and manager, page and nothing else).
    const councilId = await org('Riverside Borough Council');
    for (let i = 0; i < 4; i++)
      await addOpenFinding(t.core, {
        id: `matrix-finding-${i}`,
        organisationId: councilId,
        planId: t.planId,
      });
    const findings = await db
      .selectFrom('findings')
      .select('id')
      .where('plan_id', '=', t.planId)
      .where('state', '=', 'open')
      .execute();
    const admin = await actorByEmail(db, ACTORS.admin);
    const spareSession = await db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', admin.userId)
      .orderBy('created_at')
      .executeTakeFirstOrThrow();
    await new Browser(t.app).signIn(ACTORS.admin, PASSWORD); // a newer session: the matrix ends the first one
    const adminToken = await t.ops.createToken(ACTORS.admin, 'to revoke');
    ids = {
      planId: t.planId,
      actionId: doc.actions.find((a) => a.leads.includes('Daniel Marsh') && !a.joint)!.id,
      recommendationId: doc.recommendations[0]!.id,
      measureId: doc.measures[0]!.id,
      personId: doc.people.find((p) => p.name === 'Daniel Marsh')!.id,
      partnerOrgId: await org(DEMO_PARTNER),
      voluntaryOrgId: await org('Riverside Voluntary Sector'),
      tenants,
      findings: findings.map((f) => f.id),
      importPreviews: [await preview('import'), await preview('import')],
      valuesPreviews: [await preview('values'), await preview('values')],
      adminTokenId: adminToken.id,
      adminFeed: await t.core.run(createCalendarFeed, admin, { planId: null }),
      adminSpareSessionId: spareSession.id,
      sectionId: doc.sections[0]!.id,
      updateId: (
        await db
          .selectFrom('progress_updates')
          .select('id')
          .where('action_id', '=', doc.actions.find((a) => a.leads.includes('Daniel Marsh') && !a.joint)!.id)
          .executeTakeFirstOrThrow()
      ).id,
      removedId: '',
      dueRequestId: (
        await t.core.run(requestDueChange, await actorByEmail(db, ACTORS.lead), {
          actionId: doc.actions.find((a) => a.leads.includes('Daniel Marsh') && !a.joint)!.id,
          due: '30 June 2027',
          reason: 'Matrix',
        })
      ).requestId,
      snapshotId: (await t.core.run(lockSnapshot, manager, { planId: t.planId, period: '2026-10' }))
        .snapshotId,
    };
    // The admin's browser must not be the session the matrix ends.
    browsers.set('admin', await new Browser(t.app).signIn(ACTORS.admin, PASSWORD));
  }, 120_000);
  afterAll(async () => t?.close());

  it('has an entry for every route the app registers, and none for a route it does not', () => {
    const registered = t.app.routeTable.map((r) => `${r.method} ${r.url}`);
    expect(registered.filter((r) => !(r in SPECS))).toEqual([]);
    expect(Object.keys(SPECS).filter((k) => !registered.includes(k))).toEqual([]);
  });

  async function send(spec: Spec, key: string, actor: ActorName | null) {
    const [method] = key.split(' ') as [string];
    const url = spec.url(ids, actor ?? 'admin');
    const api = url.startsWith('/api/');
    const browser = actor ? browsers.get(actor)! : new Browser(t.app);
    const headers: Record<string, string> = {};
    if (api && actor) headers.authorization = `Bearer ${tokens.get(actor)}`;
    if (!api) headers.cookie = browser.cookieHeader;
    if (spec.json !== undefined) {
      return t.app.inject({ method: method as 'POST', url, headers, payload: spec.json as object });
    }
    if (spec.multipart) {
      const csrf = actor ? csrfIn((await browser.get('/account')).body) : '';
      const boundary = 'matrixboundary';
      // As a browser sends the form with no file chosen: an empty file part.
      const payload =
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n` +
        `--${boundary}--\r\n`;
      return t.app.inject({
        method: 'POST',
        url,
        headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    }
    if (spec.form !== undefined) {
      const csrf = actor ? csrfIn((await browser.get('/account')).body) : '';
      return t.app.inject({
        method: 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, ...spec.form }).toString(),
      });
    }
    return t.app.inject({ method: method as 'GET', url, headers });
  }

  it('answers every route for every actor as the matrix says, and leaks nothing in a refusal', async () => {
    const wrong: string[] = [];
    const title = (await t.ops.exportDocument(t.planId)).plan.title;
    for (const [key, spec] of Object.entries(SPECS)) {
      for (const actor of [null, ...(Object.keys(ACTORS) as ActorName[])]) {
        await spec.before?.(ids);
        const response = await send(spec, key, actor);
        const status = response.statusCode;
        const expected: Outcome | 'public' | 'anonymous' =
          spec.row === 'public' ? 'public' : actor === null ? 'anonymous' : spec.row[actor];
        const ok =
          expected === 'public'
            ? status < 500 && (spec.allowed.includes(status) || actor !== null || status === 302)
            : expected === 'anonymous'
              ? key.includes(' /api/')
                ? status === 401
                : status === 302 && /\/sign-in/.test(String(response.headers.location))
              : expected === 'allow'
                ? spec.allowed.includes(status)
                : status === expected;
        if (!ok) wrong.push(`${key} as ${actor ?? 'nobody'}: expected ${expected}, got ${status}`);
        if (expected === 404 && response.body.includes(title))
          wrong.push(`${key} as ${actor}: the refusal shows the plan's title`);
        if (
          actor === 'foreign-admin' &&
          expected !== 'allow' &&
          expected !== 'public' &&
          response.body.includes(title)
        )
          wrong.push(`${key} as the foreign admin: the answer shows the other council's plan`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it("never shows a council's plan to another council", async () => {
    const foreign = browsers.get('foreign-admin')!;
    const list = await foreign.get('/plans');
    expect(list.body).toContain(FOREIGN_TITLE);
    expect(list.body).not.toContain((await t.ops.exportDocument(t.planId)).plan.title);
  });
});
