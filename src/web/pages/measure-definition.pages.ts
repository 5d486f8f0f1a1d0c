/**
 * Adding a measure and changing what it is: its definition, unit, polarity, frequency, owner, baseline, interim
 * and final targets (a value or "TBC"), comparators, and the actions and recommendations it evidences.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createMeasure, editMeasureDefinition } from '../../core/commands/measure-definition.commands.ts';
import type { Actor } from '../../domain/actor.ts';
import { MEASURE_FREQUENCIES, POLARITIES, TARGET_KINDS } from '../../domain/plan-format.ts';
import { parseTimescale } from '../../domain/timescale.ts';
import { actorOf, checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';
import type { FieldError } from '../errors.ts';
import {
  errorsByField,
  many,
  one,
  submitForm,
  textOrNull,
  versionOf,
  withBanner,
  type FormBody,
  rowsIn,
  withInputChecks,
} from '../forms.ts';

type Measure = Awaited<ReturnType<WebContext['core']['queries']['structure']['measure']>>['measure'];

/** A number as people type it ("1,250", "12.5%"); undefined when it is none. */
const numberIn = (text: string | undefined) => {
  const cleaned = (text ?? '').replace(/[,%\s]/g, '');
  return cleaned !== '' && Number.isFinite(Number(cleaned)) ? Number(cleaned) : undefined;
};

function readDefinition(body: FormBody) {
  const errors: FieldError[] = [];
  const fields: Record<string, string> = {
    ref: 'ref',
    name: 'name',
    definition: 'definition',
    unit: 'unit',
    polarity: 'polarity',
    frequency: 'frequency',
    owner: 'owner',
    baseline: 'baseline-value',
    actionIds: 'actionIds',
    recommendationIds: 'recommendationIds',
  };
  const baselineText = one(body['baseline-value'])?.trim() ?? '';
  const baselineValue = numberIn(baselineText);
  if (baselineText && baselineValue === undefined)
    errors.push({ text: 'Enter the baseline as a number, for example 42', href: '#baseline-value' });
  const baselinePeriod = textOrNull(body['baseline-period']);

  const targets = rowsIn(body, 'target')
    .map((i) => ({
      i,
      kind: one(body[`target-${i}-kind`]) ?? 'final',
      value: one(body[`target-${i}-value`])?.trim() ?? '',
      by: one(body[`target-${i}-by`])?.trim() ?? '',
    }))
    .filter((t) => t.value || t.by)
    .map((t, index) => {
      fields[`targets[${index}].kind`] = `target-${t.i}-kind`;
      fields[`targets[${index}].value`] = `target-${t.i}-value`;
      fields[`targets[${index}].by`] = `target-${t.i}-by`;
      // "TBC" (or left blank with a date) is a target still to be confirmed.
      const tbc = /^(tbc|tbd|to be confirmed)?$/i.test(t.value);
      const value = tbc ? null : numberIn(t.value);
      if (!tbc && value === undefined)
        errors.push({ text: 'Enter the target as a number, or TBC', href: `#target-${t.i}-value` });
      let by: string | null = null;
      if (t.by) {
        const read = parseTimescale(t.by);
        if (read.end) by = read.end;
        else
          errors.push({
            text: `Write “${t.by}” as a date, for example March 2027`,
            href: `#target-${t.i}-by`,
          });
      }
      return {
        kind: t.kind as (typeof TARGET_KINDS)[number],
        value: value ?? null,
        by,
        text: t.value || null,
      };
    });

  const comparators = rowsIn(body, 'comparator')
    .map((i) => ({
      i,
      name: one(body[`comparator-${i}-name`])?.trim() ?? '',
      period: one(body[`comparator-${i}-period`])?.trim() ?? '',
      value: one(body[`comparator-${i}-value`])?.trim() ?? '',
    }))
    .filter((c) => c.name || c.period || c.value)
    .map((c, index) => {
      fields[`comparators[${index}].name`] = `comparator-${c.i}-name`;
      fields[`comparators[${index}].period`] = `comparator-${c.i}-period`;
      fields[`comparators[${index}].value`] = `comparator-${c.i}-value`;
      const value = numberIn(c.value);
      if (value === undefined)
        errors.push({ text: 'Enter the comparator’s value as a number', href: `#comparator-${c.i}-value` });
      return { name: c.name, period: c.period, value: value ?? 0 };
    });

  return {
    input: {
      ref: textOrNull(body.ref),
      name: one(body.name)?.trim() ?? '',
      definition: textOrNull(body.definition),
      unit: one(body.unit)?.trim() ?? '',
      polarity: (one(body.polarity) ?? '') as (typeof POLARITIES)[number],
      frequency: (one(body.frequency) || null) as (typeof MEASURE_FREQUENCIES)[number] | null,
      owner: textOrNull(body.owner),
      baseline:
        baselineValue !== undefined || baselinePeriod
          ? { value: baselineValue ?? null, period: baselinePeriod }
          : null,
      targets,
      comparators,
      actionIds: many(body.actionIds),
      recommendationIds: many(body.recommendationIds),
    },
    errors,
    fields,
  };
}

/** The form's values from a stored measure, as the form names them. */
function valuesOf(measure: Measure): FormBody {
  const values: FormBody = {
    ref: measure.ref ?? '',
    name: measure.name,
    definition: measure.definition ?? '',
    unit: measure.unit,
    polarity: measure.polarity,
    frequency: measure.frequency ?? '',
    owner: measure.owner ?? '',
    'baseline-value': measure.baseline?.value?.toString() ?? '',
    'baseline-period': measure.baseline?.period ?? '',
    actionIds: measure.actionIds,
    recommendationIds: measure.recommendationIds,
  };
  measure.targets.forEach((t, i) => {
    values[`target-${i}-kind`] = t.kind;
    values[`target-${i}-value`] = t.value === null ? 'TBC' : String(t.value);
    values[`target-${i}-by`] = t.by ?? '';
  });
  measure.comparators.forEach((c, i) => {
    values[`comparator-${i}-name`] = c.name;
    values[`comparator-${i}-period`] = c.period;
    values[`comparator-${i}-value`] = String(c.value);
  });
  return values;
}

export function measureDefinitionPages({ core, render }: WebContext) {
  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    page: { planId: string; measure: Measure | null },
    values: FormBody,
    errors?: FieldError[],
  ) {
    const actor: Actor = actorOf(request);
    const { doc } = await core.queries.plans.overview(actor, page.planId);
    const rows = (prefix: string, stored: number) =>
      Array.from({ length: Math.max(stored, rowsIn(values, prefix).length) + 1 }, (_, i) => i);
    return render(
      request,
      reply,
      'pages/measure-definition.njk',
      {
        title: page.measure ? `Change the measure ${page.measure.ref ?? ''}`.trim() : 'Add a measure',
        section: 'plans',
        planId: page.planId,
        doc,
        measure: page.measure,
        values,
        targetRows: rows('target', page.measure?.targets.length ?? 0),
        comparatorRows: rows('comparator', page.measure?.comparators.length ?? 0),
        polarities: POLARITIES,
        frequencies: MEASURE_FREQUENCIES,
        targetKinds: TARGET_KINDS,
        chosenActions: many(values.actionIds),
        chosenRecommendations: many(values.recommendationIds),
        errors,
        fieldError: errorsByField(errors),
      },
      errors ? 400 : 200,
    );
  }

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser(
        (url) => /^\/measures\/[^/]+\/definition/.test(url) || /^\/plans\/[^/]+\/measures\//.test(url),
      ),
    );

    app.get<{ Params: { planId: string } }>('/plans/:planId/measures/new', async (request, reply) => {
      await core.queries.access.plan(actorOf(request), request.params.planId, 'plan.manage');
      return showForm(
        request,
        reply,
        { planId: request.params.planId, measure: null },
        {
          unit: '%',
          polarity: 'higher_is_better',
        },
      );
    });

    app.post<{ Params: { planId: string }; Body: FormBody }>(
      '/plans/:planId/measures/new',
      async (request, reply) => {
        checkCsrf(request);
        const { planId } = request.params;
        const read = readDefinition(request.body);
        const input = { planId, ...read.input };
        const again = (errors: FieldError[]) =>
          showForm(request, reply, { planId, measure: null }, request.body, errors);
        if (read.errors.length > 0)
          return again(withInputChecks(createMeasure.input, input, read.fields, read.errors));
        return submitForm(reply, {
          run: () => core.run(createMeasure, actorOf(request), input),
          done: (made) => withBanner(`/measures/${made.measureId}`, 'The measure has been added'),
          fields: read.fields,
          again,
        });
      },
    );

    app.get<{ Params: { id: string } }>('/measures/:id/definition', async (request, reply) => {
      const actor = actorOf(request);
      const { head, measure } = await core.queries.structure.measure(actor, request.params.id);
      await core.queries.access.plan(actor, head.planId, 'plan.manage');
      return showForm(request, reply, { planId: head.planId, measure }, valuesOf(measure));
    });

    app.post<{ Params: { id: string }; Body: FormBody }>(
      '/measures/:id/definition',
      async (request, reply) => {
        checkCsrf(request);
        const actor = actorOf(request);
        const { id } = request.params;
        const { head, measure } = await core.queries.structure.measure(actor, id);
        const read = readDefinition(request.body);
        const input = { measureId: id, version: versionOf(request.body), ...read.input };
        const again = (errors: FieldError[]) =>
          showForm(request, reply, { planId: head.planId, measure }, request.body, errors);
        if (read.errors.length > 0)
          return again(withInputChecks(editMeasureDefinition.input, input, read.fields, read.errors));
        return submitForm(reply, {
          run: () => core.run(editMeasureDefinition, actor, input),
          done: () => withBanner(`/measures/${id}`, 'The measure has been changed'),
          fields: read.fields,
          again,
        });
      },
    );
  };
}
