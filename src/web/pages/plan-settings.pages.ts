/**
 * The plan's own settings page: its details and narrative, its state (draft → approved → closed), its status key,
 * the days that make an action due soon or its update stale, and its governance. Each part is its own form, all
 * running the one `plan.edit` command (and `plan.state`), so a page and the API refuse the same things.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_DEADLINE_DAYS } from '../../domain/reporting-period.ts';
import { editPlan, setPlanState, type PlanEdit } from '../../core/commands/plan-settings.commands.ts';
import { PLAN_STATES } from '../../domain/plan-format.ts';
import { COLOURS, DEFAULT_STATUS_KEY, STATES } from '../../domain/status.ts';
import { parseTimescale } from '../../domain/timescale.ts';
import { actorOf, checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';
import { readDateInput } from '../date-input.ts';
import type { FieldError } from '../errors.ts';
import {
  errorsByField,
  lines,
  one,
  submitForm,
  textOrNull,
  versionOf,
  withBanner,
  type FormBody,
  flatten,
  rowsIn,
  withInputChecks,
} from '../forms.ts';

const PARTS = ['details', 'key', 'thresholds', 'governance', 'approver'] as const;
type Part = (typeof PARTS)[number];

const STATE_NAMES: Record<(typeof STATES)[number], string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  complete: 'Complete',
};

/** A form's part turned into the command's input, with the errors of the form's own formats (dates). */
function readPart(
  part: Part,
  body: FormBody,
): { input: Partial<PlanEdit>; errors: FieldError[]; fields: Record<string, string> } {
  const errors: FieldError[] = [];
  const fields: Record<string, string> = {};
  const flat = flatten(body);
  switch (part) {
    case 'details': {
      const dates: Record<string, string | null> = {};
      for (const [name, label] of [
        ['date', 'The date of the plan'],
        ['inspectionDate', 'The date of the inspection'],
      ] as const) {
        const read = readDateInput(flat, name, '');
        if (read.error) errors.push({ text: `${label} ${read.error}`, href: `#${name}-day` });
        dates[name] = read.date || null;
        fields[name] = `${name}-day`;
      }
      const narrative = rowsIn(body, 'narrative')
        .map((i) => ({
          i,
          title: one(body[`narrative-${i}-title`])?.trim() ?? '',
          text: one(body[`narrative-${i}-text`])?.trim() ?? '',
        }))
        .filter((n) => n.title || n.text);
      narrative.forEach((n, index) => {
        fields[`narrative[${index}].title`] = `narrative-${n.i}-title`;
        fields[`narrative[${index}].text`] = `narrative-${n.i}-text`;
      });
      Object.assign(fields, { title: 'title', versionLabel: 'versionLabel', partners: 'partners' });
      return {
        input: {
          title: one(body.title)?.trim() ?? '',
          versionLabel: textOrNull(body.versionLabel),
          date: dates.date ?? null,
          inspectionDate: dates.inspectionDate ?? null,
          partners: lines(body.partners),
          narrative: narrative.map(({ title, text }) => ({ title, text })),
        },
        errors,
        fields,
      };
    }
    case 'key': {
      // A row whose label is cleared leaves the key; the rest are shown in the order their positions give.
      const rows = rowsIn(body, 'key')
        .map((i) => ({
          i,
          position: Number(one(body[`key-${i}-position`]) || i + 1),
          label: one(body[`key-${i}-label`])?.trim() ?? '',
          state: one(body[`key-${i}-state`]) ?? '',
          colour: one(body[`key-${i}-colour`]) ?? '',
          description: textOrNull(body[`key-${i}-description`]),
        }))
        .filter((r) => r.label)
        .sort((a, b) => a.position - b.position || a.i - b.i);
      rows.forEach((r, index) => {
        for (const f of ['label', 'state', 'colour', 'description'])
          fields[`statusKey[${index}].${f}`] = `key-${r.i}-${f}`;
      });
      fields.statusKey = rows[0] ? `key-${rows[0].i}-label` : 'key-0-label';
      return {
        input: {
          statusKey: rows.map(({ label, state, colour, description }) => ({
            label,
            state: state as (typeof STATES)[number],
            colour: colour as (typeof COLOURS)[number],
            description,
          })),
        },
        errors,
        fields,
      };
    }
    case 'thresholds': {
      const days = (name: string) => {
        const text = one(body[name])?.trim() ?? '';
        if (!/^\d+$/.test(text))
          errors.push({ text: 'Enter a whole number of days, for example 30', href: `#${name}` });
        return Number(text);
      };
      Object.assign(fields, {
        'ragSettings.dueSoonDays': 'dueSoonDays',
        'ragSettings.staleUpdateDays': 'staleUpdateDays',
      });
      return {
        input: {
          ragSettings: { dueSoonDays: days('dueSoonDays'), staleUpdateDays: days('staleUpdateDays') },
        },
        errors,
        fields,
      };
    }
    case 'approver': {
      fields.signOffApproverId = 'signOffApproverId';
      return { input: { signOffApproverId: one(body.signOffApproverId) || null }, errors, fields };
    }
    case 'governance': {
      const boards = rowsIn(body, 'board')
        .map((i) => ({ i, name: one(body[`board-${i}-name`])?.trim() ?? '' }))
        .filter((b) => b.name);
      const governance = boards.map(({ i, name }, index) => {
        fields[`governance[${index}].board`] = `board-${i}-name`;
        fields[`governance[${index}].members`] = `board-${i}-members`;
        fields[`governance[${index}].meetings`] = `board-${i}-meetings`;
        fields[`governance[${index}].updateDeadlineDays`] = `board-${i}-deadline`;
        fields[`governance[${index}].escalations`] = `board-${i}-escalations`;
        const deadline = one(body[`board-${i}-deadline`])?.trim() ?? '';
        const meetings: string[] = [];
        for (const line of lines(body[`board-${i}-meetings`])) {
          const read = parseTimescale(line);
          if (read.kind === 'date' && read.end) meetings.push(read.end);
          else
            errors.push({
              text: `Write the meeting date “${line}” as a day, for example 14 January 2027`,
              href: `#board-${i}-meetings`,
            });
        }
        if (deadline !== '' && !/^\d+$/.test(deadline))
          errors.push({
            text: 'Enter the days before each meeting that updates are due as a whole number, for example 7',
            href: `#board-${i}-deadline`,
          });
        return {
          board: name,
          rhythm: textOrNull(body[`board-${i}-rhythm`]),
          reportsTo: textOrNull(body[`board-${i}-reportsTo`]),
          receives: textOrNull(body[`board-${i}-receives`]),
          // "Name, role" on each line; a name alone has no role.
          members: lines(body[`board-${i}-members`]).map((line) => {
            const [memberName, ...role] = line.split(/\s*[,–—]\s*|\s+-\s+/);
            return { name: memberName ?? line, role: role.join(', ') || null };
          }),
          meetings: meetings.sort(),
          updateDeadlineDays: deadline === '' ? DEFAULT_DEADLINE_DAYS : Number(deadline),
          escalations: Number(one(body[`board-${i}-escalations`]) ?? 3),
        };
      });
      return { input: { governance }, errors, fields };
    }
  }
}

export function planSettingsPages({ core, render, today }: WebContext) {
  async function showSettings(
    request: FastifyRequest<{ Params: { planId: string } }>,
    reply: FastifyReply,
    failed?: { part: Part | 'state'; errors: FieldError[]; body: FormBody },
  ) {
    const actor = actorOf(request);
    const { head, plan, approverChoices } = await core.queries.structure.settings(
      actor,
      request.params.planId,
    );
    const key = plan.statusKey.length > 0 ? plan.statusKey : DEFAULT_STATUS_KEY;
    const parts = (iso: string | null) => {
      const [y, m, d] = (iso ?? '').split('-');
      return { day: d ? String(Number(d)) : '', month: m ? String(Number(m)) : '', year: y ?? '' };
    };
    return render(
      request,
      reply,
      'pages/plan-settings.njk',
      {
        title: 'Plan settings',
        section: 'plans',
        planId: head.planId,
        head,
        plan,
        approverChoices,
        dateParts: { date: parts(plan.date), inspectionDate: parts(plan.inspectionDate) },
        key,
        stateNames: STATE_NAMES,
        stateOptions: STATES,
        colourOptions: COLOURS,
        nextStates: PLAN_STATES.filter((s) => s !== plan.state),
        errors: failed?.errors,
        failedPart: failed?.part ?? null,
        values: failed?.body ?? {},
        fieldError: errorsByField(failed?.errors),
        today: today(),
      },
      failed ? 400 : 200,
    );
  }

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser((url) => /^\/plans\/[^/]+\/(settings|state)/.test(url)),
    );

    app.get<{ Params: { planId: string } }>('/plans/:planId/settings', async (request, reply) => {
      // Only the plan's managers change it; everyone who reads the plan sees its details on its home page.
      await core.queries.access.plan(actorOf(request), request.params.planId, 'plan.manage');
      return showSettings(request, reply);
    });

    app.post<{ Params: { planId: string }; Body: FormBody }>(
      '/plans/:planId/settings',
      async (request, reply) => {
        checkCsrf(request);
        const body = request.body;
        const part = PARTS.find((p) => p === one(body.part)) ?? 'details';
        const read = readPart(part, body);
        const input = { planId: request.params.planId, version: versionOf(body), ...read.input };
        const again = (errors: FieldError[]) => showSettings(request, reply, { part, errors, body });
        if (read.errors.length > 0)
          return again(withInputChecks(editPlan.input, input, read.fields, read.errors));
        return submitForm(reply, {
          run: () => core.run(editPlan, actorOf(request), input),
          done: () => withBanner(`/plans/${request.params.planId}/settings`, 'The plan has been changed'),
          fields: read.fields,
          again,
        });
      },
    );

    app.post<{ Params: { planId: string }; Body: FormBody }>(
      '/plans/:planId/state',
      async (request, reply) => {
        checkCsrf(request);
        const state = one(request.body.state) ?? '';
        return submitForm(reply, {
          run: () =>
            core.run(setPlanState, actorOf(request), {
              planId: request.params.planId,
              version: versionOf(request.body),
              state: state as (typeof PLAN_STATES)[number],
            }),
          done: (changed) =>
            withBanner(`/plans/${request.params.planId}/settings`, `The plan is now ${changed.state}`),
          fields: { state: 'state' },
          again: (errors) => showSettings(request, reply, { part: 'state', errors, body: request.body }),
        });
      },
    );
  };
}
