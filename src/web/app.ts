/**
 * The web application, assembled from the services: pages (server-rendered, GOV.UK Design System) and the
 * JSON API. The server owns no data access of its own; one error handler renders every error.
 */
import { UPLOAD_LIMIT } from './uploads.ts';
import { join } from 'node:path';
import { constants as zlibConstants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { parseJsonBodies } from './json-body.ts';
import { applyRateLimits, DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limits.ts';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Core } from '../core/index.ts';
import { withinRequest } from '../core/request-scope.ts';
import { actionApiRoutes } from './api/actions.routes.ts';
import { listApiRoutes } from './api/lists.routes.ts';
import { measureApiRoutes } from './api/measures.routes.ts';
import { structureApiRoutes } from './api/structure.routes.ts';
import { openApiRoutes } from './api/openapi.routes.ts';
import { planRoutes } from './api/plans.routes.ts';
import { registerAuth, requireSecondFactorWhereRequired } from './auth.ts';
import { signInSettingsPages } from './pages/sign-in-settings.pages.ts';
import { calendarPages } from './pages/calendar.pages.ts';
import { toApiError } from './errors.ts';
import { accountPages } from './pages/account.pages.ts';
import { actionPages } from './pages/action.pages.ts';
import { importPages } from './pages/import.pages.ts';
import { measurePages } from './pages/measure.pages.ts';
import { peoplePages } from './pages/people.pages.ts';
import { planSettingsPages } from './pages/plan-settings.pages.ts';
import { measureDefinitionPages } from './pages/measure-definition.pages.ts';
import { planPeoplePages } from './pages/plan-people.pages.ts';
import { snapshotPages } from './pages/snapshot.pages.ts';
import { packTemplatePages } from './pages/pack-template.pages.ts';
import { updatePages } from './pages/update.pages.ts';
import { recommendationPages } from './pages/recommendation.pages.ts';
import { removalPages } from './pages/removal.pages.ts';
import { sectionPages } from './pages/section.pages.ts';
import { planPages } from './pages/plan.pages.ts';
import { signInPages } from './pages/sign-in.pages.ts';
import {
  cachedPage,
  createRecentPages,
  sendCachedPage,
  withoutIndentation,
  type CachedPage,
} from './cached-page.ts';
import { staleView } from './stale.ts';
import { govukInlineScriptHash, registerSecurityHeaders } from './security.ts';
import { createViews, warmTemplates, GOVUK_DIST, MOJ_ROOT } from './views.ts';

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: { method: string; url: string }[];
  }
}

export interface AppOptions {
  logLevel?: string;
  production?: boolean;
  /** Requests per minute on sign-in, API tokens and uploads (default DEFAULT_RATE_LIMITS). */
  rateLimits?: RateLimits;
  /** Compile every template before answering (`ipt serve`); tests leave it to the first render of each. */
  warmTemplates?: boolean;
}

export interface WebContext {
  core: Core;
  today: () => string;
  production: boolean;
  render: (
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    context: Record<string, unknown>,
    status?: number,
  ) => Promise<FastifyReply>;
  /** For pages that only read a plan: the HTML is kept until the plan changes. */
  renderCached: (
    request: FastifyRequest,
    reply: FastifyReply,
    /** `structural`: `revision` is the plan's structure revision (the page shows no action's progress but its own). */
    cacheKey: { planId: string; revision: number; key: string; structural?: boolean },
    template: string,
    load: () => Promise<Record<string, unknown>>,
  ) => Promise<FastifyReply>;
}

const PUBLIC = join(fileURLToPath(new URL('.', import.meta.url)), 'public');

export async function createApp(core: Core, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    bodyLimit: 30 * 1024 * 1024,
    // With logging off, a request's own child logger would log nothing: it uses the app's instead.
    childLoggerFactory: (logger, bindings, childOptions) =>
      logger.level === 'silent' ? logger : logger.child(bindings, childOptions),
  });
  // What a request reads (a plan's revision) it reads once: see request-scope.ts.
  app.addHook('onRequest', (_request, _reply, done) => withinRequest(done));
  // Every route, as registered: the authorisation matrix test is generated from this table.
  const routeTable: { method: string; url: string }[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      if (method !== 'HEAD') routeTable.push({ method, url: route.url });
  });
  const views = createViews();
  if (options.warmTemplates) warmTemplates(views);
  const recentPages = createRecentPages();
  const menuOf = (user: unknown) =>
    user ? core.queries.accounts.menu(user as Parameters<typeof core.queries.accounts.menu>[0]) : null;
  const production = options.production ?? process.env.NODE_ENV === 'production';
  /** The success banner's message carried across a change's redirect (`?saved=`), plain text and short. */
  const savedOf = (request: FastifyRequest) => {
    const saved = (request.query as Record<string, unknown> | undefined)?.saved;
    return typeof saved === 'string' && saved.length > 0 ? saved.slice(0, 300) : null;
  };
  const renderHtml = (
    template: string,
    data: Record<string, unknown>,
    request: FastifyRequest,
    cspNonce: string,
  ) =>
    new Promise<string>((resolve, reject) =>
      views.render(
        template,
        {
          saved: savedOf(request),
          ...data,
          user: request.user,
          csrfToken: request.user?.csrfToken,
          cspNonce,
          menu: menuOf(request.user),
        },
        (error, result) => (error ? reject(error) : resolve(result ?? '')),
      ),
    );
  const context: WebContext = {
    core,
    production,
    today: core.today,
    // The callback form: a template error becomes a rejected promise (a 500 page), never a crash.
    render: async (request, reply, template, data, status = 200) =>
      reply
        .status(status)
        .type('text/html; charset=utf-8')
        .send(await renderHtml(template, data, request, request.cspNonce)),
    renderCached: async (request, reply, cacheKey, template, load) => {
      // Rendered once per plan revision and session (the session's CSRF token is in the page), with no nonce.
      const saved = savedOf(request);
      const key = `html|${cacheKey.key}|${request.user?.userId ?? ''}|${request.user?.csrfToken ?? ''}${saved ? `|${saved}` : ''}`;
      const ready = core.cache.peek<CachedPage>(cacheKey.planId, cacheKey.revision, key);
      if (ready) return sendCachedPage(request, reply, ready);
      // A page that says a change was saved must show it: never one from before.
      const id = `${cacheKey.planId}|${key}`;
      const confirming = saved !== null || 'updated' in ((request.query as object | undefined) ?? {});
      const recent = confirming ? undefined : recentPages.recent(id, cacheKey.revision);
      if (recent) return sendCachedPage(request, reply.header('x-ipt-page', 'recent'), recent);
      const page = await recentPages.render(id, cacheKey.revision, () =>
        core.cache.read(
          cacheKey.planId,
          cacheKey.revision,
          key,
          async () => cachedPage(withoutIndentation(await renderHtml(template, await load(), request, ''))),
          cacheKey.structural,
        ),
      );
      return sendCachedPage(request, reply, page);
    },
  };

  registerSecurityHeaders(app, { production, scriptHashes: [govukInlineScriptHash(GOVUK_DIST)] });
  // Everything else is compressed as it goes out: the design system's stylesheets are 230 KB before it. Cached
  // pages are compressed once, when cached, and their routes keep the plugin out (PRECOMPRESSED).
  // What is compressed as it is sent uses gzip: a brotli stream costs far more to set up for each response (cached
  // pages carry brotli made once). Small answers go as they are: a compression stream costs more than the bytes.
  await app.register(compress, {
    threshold: 8 * 1024,
    encodings: ['gzip'],
    globalDecompression: false,
    zlibOptions: { level: zlibConstants.Z_BEST_SPEED + 5 },
  });
  await app.register(cookie);
  await applyRateLimits(app, options.rateLimits ?? DEFAULT_RATE_LIMITS);
  await app.register(formbody);
  parseJsonBodies(app);
  await app.register(multipart, { limits: { fileSize: UPLOAD_LIMIT, files: 1 } });
  // Both design systems' stylesheets ask for their images and fonts under /assets/ (MOJ's filter tags, for one).
  await app.register(fastifyStatic, {
    root: [join(GOVUK_DIST, 'govuk', 'assets'), join(MOJ_ROOT, 'moj', 'assets')],
    prefix: '/assets/',
  });
  await app.register(fastifyStatic, {
    root: [join(GOVUK_DIST, 'govuk'), join(MOJ_ROOT, 'moj'), PUBLIC],
    prefix: '/stylesheets/',
    decorateReply: false,
    allowedPath: (p) => p.endsWith('.css'),
  });
  await app.register(fastifyStatic, {
    root: [join(GOVUK_DIST, 'govuk'), join(MOJ_ROOT, 'moj'), PUBLIC],
    prefix: '/javascripts/',
    decorateReply: false,
    allowedPath: (p) => p.endsWith('.js'),
  });
  registerAuth(app, core.auth);
  requireSecondFactorWhereRequired(app);

  app.setErrorHandler(async (error, request, reply) => {
    const { status, body } = toApiError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (status >= 500 && process.env.IPT_DEBUG) console.error(error);
    if (request.url.startsWith('/api/')) return reply.status(status).send(body);
    if (status === 401) return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`);
    try {
      const changed = await staleView(core, request, error);
      return await context.render(
        request,
        reply,
        'pages/error.njk',
        {
          title: changed ? `Someone else changed this ${changed.entity}` : errorTitle(status),
          status,
          message: changed
            ? `Someone else saved a change to this ${changed.entity} after you opened it. Your change was not saved.`
            : body.error.message,
          changed,
        },
        status,
      );
    } catch (renderError) {
      request.log.error({ err: renderError }, 'error page failed');
      return reply.status(status).type('text/plain; charset=utf-8').send(body.error.message);
    }
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/'))
      return reply.status(404).send({ error: { code: 'not_found', message: `No page at ${request.url}` } });
    return context.render(
      request,
      reply,
      'pages/error.njk',
      { title: errorTitle(404), status: 404, message: `There is no page at ${request.url}.` },
      404,
    );
  });

  app.get('/health', async () => {
    await core.queries.lookup.healthy();
    return { status: 'ok', database: core.connection.dialect };
  });
  app.get('/', async (_request, reply) => reply.redirect('/plans'));
  await app.register(signInPages(context));
  await app.register(planPages(context));
  await app.register(actionPages(context));
  await app.register(peoplePages(context));
  await app.register(sectionPages(context));
  await app.register(recommendationPages(context));
  await app.register(removalPages(context));
  await app.register(planSettingsPages(context));
  await app.register(updatePages(context));
  await app.register(measureDefinitionPages(context));
  await app.register(planPeoplePages(context));
  await app.register(snapshotPages(context));
  await app.register(packTemplatePages(context));
  await app.register(importPages(context));
  await app.register(measurePages(context));
  await app.register(accountPages(context));
  await app.register(signInSettingsPages(context));
  await app.register(calendarPages(context));
  await app.register(planRoutes(core));
  await app.register(actionApiRoutes(core));
  await app.register(measureApiRoutes(core));
  await app.register(listApiRoutes(core));
  await app.register(structureApiRoutes(core));
  await app.register(openApiRoutes(context));
  return app;
}

function errorTitle(status: number): string {
  switch (status) {
    case 403:
      return 'You cannot do that';
    case 404:
      return 'Page not found';
    case 409:
      return 'Someone else changed this';
    case 413:
      return 'The file is too large';
    case 400:
      return 'There is a problem';
    default:
      return 'Sorry, there is a problem with the service';
  }
}
