import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import createError from 'http-errors';
import ExcelJS from 'exceljs';
import { recordValue, updateMeasure, type MeasureSettings } from '../../core/commands/measure.commands.ts';
import { setFollowing } from '../../core/commands/follow.commands.ts';
import { cancelPreview, confirmValues, createPreview } from '../../core/commands/preview.commands.ts';
import type { ScorecardRow } from '../../core/queries/measure.queries.ts';
import { filterScorecard } from '../../core/read-models/scorecard-filter.ts';
import { formatLong } from '../../domain/calendar.ts';
import type { Actor } from '../../domain/actor.ts';
import { previewValuesFile, type ValuesPreview } from '../../import/values-file.ts';
import { UnreadableDocumentError } from '../../import/model.ts';
import { downloadName, neutraliseFormula, toCsv } from '../../export/cells.ts';
import { actorOf, checkCsrf, requirePageUser } from '../auth.ts';
import { formErrors } from '../errors.ts';
import { withBanner } from '../forms.ts';
import type { WebContext } from '../app.ts';
import { uploadedContent } from '../uploads.ts';
import { measureChart, sparkline } from '../../export/measure-chart.ts';

const DIRECTION: Record<string, string> = {
  improving: 'Improving',
  worsening: 'Getting worse',
  no_change: 'No change',
};

export function scorecardLines(rows: ScorecardRow[]) {
  return rows.map((r) => ({
    ref: r.measure.ref ?? '',
    name: r.measure.name,
    unit: r.measure.unit,
    latestPeriod: r.latest?.period ?? '',
    latestValue: r.latest?.value ?? null,
    target: r.latest?.target?.value ?? null,
    targetDue: r.latest?.target?.by ?? null,
    colour: r.latest?.colour ?? null,
    statement: r.latest?.statement ?? 'No values yet',
    sincePrevious: r.latest?.sincePrevious ? DIRECTION[r.latest.sincePrevious] : '',
    sinceYearBefore: r.latest?.sinceYearBefore ? DIRECTION[r.latest.sinceYearBefore] : '',
    comparator: r.comparator ? `${r.comparator.name} ${r.comparator.value} (${r.comparator.period})` : '',
  }));
}

export function measurePages({ core, render, renderCached }: WebContext) {
  async function scorecardRows(actor: Actor, planId: string, section?: string, colour?: string) {
    const rows = await core.queries.measures.scorecard(actor, planId);
    const { doc } = await core.queries.plans.overview(actor, planId);
    return { doc, shown: filterScorecard(rows, doc, { section, colour }) };
  }

  async function showMeasure(
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const actor = actorOf(request);
    const detail = await core.queries.measures.detail(actor, request.params.id);
    const { measure } = detail;
    const chart = measureChart({
      id: 'measure-chart',
      title: `${measure.ref ? `${measure.ref}: ` : ''}${measure.name}`,
      description: `Values reported from ${detail.series[0]?.period ?? 'none'} to ${detail.series.at(-1)?.period ?? 'none'} (solid line), the target that applies in each period (dashed) and comparators (dotted). ${detail.latest?.statement ?? ''}`,
      unit: measure.unit,
      series: detail.series,
      comparators: measure.comparators,
    });
    const { doc } = await core.queries.plans.overview(actor, detail.planId);
    return render(
      request,
      reply,
      'pages/measure.njk',
      {
        title: measure.name,
        section: 'plans',
        planTitle: doc.plan.title,
        ...detail,
        can: detail.head.can,
        chart,
        actions: doc.actions.filter((a) => a.measureIds.includes(measure.id)),
        recommendations: doc.recommendations.filter((r) => measure.recommendationIds.includes(r.id)),
        form: {},
        settingsForm: null,
        ...extra,
      },
      status,
    );
  }

  async function valuesPage(actor: Actor, planId: string) {
    const head = await core.queries.access.plan(actor, planId, 'plan.manage');
    const { doc } = await core.queries.plans.overview(actor, planId);
    return { title: 'Upload measure values', section: 'plans', planId, head, doc };
  }

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser(
        (url) => url.startsWith('/measures') || /^\/plans\/[^/]+\/(scorecard|values|follow)/.test(url),
      ),
    );

    app.get<{
      Params: { planId: string };
      Querystring: { section?: string; colour?: string; format?: string };
    }>('/plans/:planId/scorecard', async (request, reply) => {
      const actor = actorOf(request);
      const { section, colour, format } = request.query;
      if (format === 'csv' || format === 'xlsx') {
        const { doc, shown } = await scorecardRows(actor, request.params.planId, section, colour);
        return download(reply, doc.plan.title, shown, format);
      }
      const head = await core.queries.access.planSoon(actor, request.params.planId);
      const choice = await core.queries.follows.choice(actor, 'plan', head.planId);
      // The scorecard shows no action's progress: a lead's update leaves it as it was.
      const key = {
        planId: head.planId,
        revision: head.structureRevision,
        structural: true,
        key: `scorecard|${section ?? ''}|${colour ?? ''}|${String(choice)}`,
      };
      return renderCached(request, reply, key, 'pages/scorecard.njk', async () => {
        const { doc, shown } = await scorecardRows(actor, request.params.planId, section, colour);
        return {
          follow: await core.queries.follows.state(actor, 'plan', head.planId),
          title: `${doc.plan.title}: scorecard`,
          section: 'plans',
          planId: request.params.planId,
          head,
          doc,
          rows: shown.map((r) => ({ ...r, spark: sparkline(r.series) })),
          lines: scorecardLines(shown),
          filter: { section, colour },
          query: new URLSearchParams(
            Object.entries({ section, colour }).filter((e): e is [string, string] => !!e[1]),
          ).toString(),
        };
      });
    });

    app.get<{ Params: { id: string } }>('/measures/:id', (request, reply) => showMeasure(request, reply));

    app.post<{ Params: { planId: string }; Body: Record<string, string> }>(
      '/plans/:planId/follow',
      async (request, reply) => {
        checkCsrf(request);
        const { planId } = request.params;
        await core.run(setFollowing, actorOf(request), {
          subject: 'plan',
          id: planId,
          following: request.body.following === 'yes',
        });
        return reply.redirect(`/plans/${planId}/scorecard`, 303);
      },
    );

    app.post<{ Params: { id: string }; Body: Record<string, string> }>(
      '/measures/:id/values',
      async (request, reply) => {
        checkCsrf(request);
        const body = request.body;
        const number = Number((body.value ?? '').replace(/[,%\s]/g, ''));
        try {
          await core.run(recordValue, actorOf(request), {
            measureId: request.params.id,
            period: body.period ?? '',
            value:
              body.value?.trim() === '' || !Number.isFinite(number)
                ? (undefined as unknown as number)
                : number,
            note: body.note || undefined,
          });
        } catch (error) {
          const errors = formErrors(error);
          if (!errors) throw error;
          return showMeasure(request, reply, { errors, form: body }, 400);
        }
        return reply.redirect(withBanner(`/measures/${request.params.id}`, 'The value has been saved'), 303);
      },
    );

    app.post<{ Params: { id: string }; Body: Record<string, string> }>(
      '/measures/:id/settings',
      async (request, reply) => {
        checkCsrf(request);
        const body = request.body;
        const numberOrNull = (text: string | undefined) => (text?.trim() ? Number(text.trim()) : null);
        try {
          await core.run(updateMeasure, actorOf(request), {
            measureId: request.params.id,
            version: body.version ? Number(body.version) : undefined,
            tolerance: numberOrNull(body.tolerance),
            trajectory: body.trajectory as 'stepwise' | 'linear',
            heldPeriods: Number(body.heldPeriods),
            frequency: (body.frequency || null) as MeasureSettings['frequency'],
            dataSource: body.dataSource?.trim() || null,
            owner: body.owner?.trim() || null,
          });
        } catch (error) {
          const errors = formErrors(error);
          if (!errors) throw error;
          return showMeasure(request, reply, { errors, settingsForm: body }, 400);
        }
        return reply.redirect(
          withBanner(`/measures/${request.params.id}`, 'The measure has been changed'),
          303,
        );
      },
    );

    app.get<{ Params: { planId: string } }>('/plans/:planId/values', async (request, reply) =>
      render(
        request,
        reply,
        'pages/values-upload.njk',
        await valuesPage(actorOf(request), request.params.planId),
      ),
    );

    app.post<{ Params: { planId: string } }>('/plans/:planId/values', async (request, reply) => {
      const actor = actorOf(request);
      const { planId } = request.params;
      const page = await valuesPage(actor, planId);
      const part = request.isMultipart() ? await request.file() : undefined;
      const csrf = part?.fields._csrf as { value?: string } | undefined;
      if (!request.user?.csrfToken || csrf?.value !== request.user.csrfToken)
        throw createError(403, 'This form has expired. Go back, reload the page and try again.');
      const content = part ? await uploadedContent(part) : Buffer.alloc(0);
      const fail = (text: string) =>
        render(
          request,
          reply,
          'pages/values-upload.njk',
          { ...page, errors: [{ text, href: '#file' }] },
          400,
        );
      if (!part?.filename) return fail('Select a file of values');
      let preview: ValuesPreview;
      try {
        preview = await previewValuesFile(
          part.filename,
          content,
          await core.queries.measures.measuresOf(actor, planId),
        );
      } catch (error) {
        if (error instanceof UnreadableDocumentError)
          return fail(
            `The selected file could not be used: ${error.message.replace(`${part.filename}: `, '')}`,
          );
        throw error;
      }
      const { previewId } = await core.run(createPreview, actor, {
        kind: 'values',
        planId,
        file: part.filename,
        payload: preview,
      });
      return reply.redirect(`/plans/${planId}/values/${previewId}`, 303);
    });

    app.get<{ Params: { planId: string; id: string } }>(
      '/plans/:planId/values/:id',
      async (request, reply) => {
        const { payload } = await core.queries.previews.preview<ValuesPreview>(
          actorOf(request),
          request.params.id,
          'values',
          request.params.planId,
        );
        return render(request, reply, 'pages/values-preview.njk', {
          title: 'Check the values',
          section: 'plans',
          planId: request.params.planId,
          id: request.params.id,
          preview: payload,
        });
      },
    );

    app.post<{ Params: { planId: string; id: string } }>(
      '/plans/:planId/values/:id/confirm',
      async (request, reply) => {
        checkCsrf(request);
        await core.run(confirmValues, actorOf(request), {
          previewId: request.params.id,
          planId: request.params.planId,
        });
        return reply.redirect(`/plans/${request.params.planId}/scorecard`, 303);
      },
    );

    app.post<{ Params: { planId: string; id: string } }>(
      '/plans/:planId/values/:id/cancel',
      async (request, reply) => {
        checkCsrf(request);
        await core.run(cancelPreview, actorOf(request), { previewId: request.params.id, kind: 'values' });
        return reply.redirect(`/plans/${request.params.planId}/values`, 303);
      },
    );
  };
}

async function download(reply: FastifyReply, title: string, rows: ScorecardRow[], format: 'csv' | 'xlsx') {
  const lines = scorecardLines(rows);
  const headings = [
    'Ref',
    'Measure',
    'Unit',
    'Period',
    'Value',
    'Target',
    'Target due',
    'Colour',
    'Distance',
    'Since last period',
    'Since a year before',
    'Comparator',
  ];
  const values = lines.map((l) => [
    l.ref,
    l.name,
    l.unit,
    l.latestPeriod,
    l.latestValue,
    l.target,
    l.targetDue ? formatLong(l.targetDue) : '',
    l.colour ?? '',
    l.statement,
    l.sincePrevious,
    l.sinceYearBefore,
    l.comparator,
  ]);
  const name = downloadName(title, 'scorecard');
  if (format === 'csv')
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .send(toCsv(headings, values));
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Scorecard');
  sheet.addRow(headings).font = { bold: true };
  for (const row of values) sheet.addRow(row.map((v) => (typeof v === 'string' ? neutraliseFormula(v) : v)));
  sheet.columns.forEach((c) => (c.width = 18));
  const buffer = await workbook.xlsx.writeBuffer();
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${name}.xlsx"`)
    .send(Buffer.from(buffer));
}
