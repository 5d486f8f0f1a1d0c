/**
 * What every editing form shares: reading a posted body, running the form's command and answering the GOV.UK way
 * (a redirect to the page with its success banner; the same page again with the command's own words in the error
 * summary; a stale version goes on to the error handler's 409 page).
 */
import type { FastifyReply } from 'fastify';
import type { ZodType } from 'zod';
import { formErrors, type FieldError } from './errors.ts';

export type FormBody = Record<string, string | string[] | undefined>;

/** A field sent once (a repeated one gives its first value). */
export const one = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/** A field that may be sent several times (checkboxes), without empty values. */
export const many = (value: string | string[] | undefined): string[] =>
  [value ?? []].flat().filter((v) => v.trim() !== '');

/** The body with each field sent once, as templates show what was typed. */
export const flatten = (body: FormBody): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries(body).map(([k, v]) => [k, one(v)]));

/** The rows of a list in a form (`key-0-label`, `key-1-label` …) by their index, in order. */
export const rowsIn = (body: FormBody, prefix: string): number[] =>
  [
    ...new Set(
      Object.keys(body)
        .map((k) => new RegExp(`^${prefix}-(\\d+)-`).exec(k)?.[1])
        .filter((i): i is string => i !== undefined)
        .map(Number),
    ),
  ].sort((a, b) => a - b);

/**
 * The form's own format errors (a date in three boxes, a number) with the command's checks of the rest, in one
 * error summary, each control named once.
 */
export function withInputChecks(
  schema: ZodType,
  input: unknown,
  fields: Record<string, string>,
  formatErrors: FieldError[],
): FieldError[] {
  const checked = schema.safeParse(input);
  const rest = checked.success ? [] : (formErrors(checked.error, fields) ?? []);
  return [...rest.filter((e) => !formatErrors.some((f) => f.href === e.href)), ...formatErrors];
}

/** A textarea's lines, trimmed, without blank ones. */
export const lines = (text: string | string[] | undefined): string[] =>
  (one(text) ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** Optional text: blank is null. */
export const textOrNull = (value: string | string[] | undefined): string | null => one(value)?.trim() || null;

/** The version the form was opened at; a form without one is refused by the command (never last writer wins). */
export const versionOf = (body: FormBody): number | undefined => {
  const text = one(body.version);
  return text ? Number(text) : undefined;
};

/** Errors by the id of the control they belong to (the first error of each), for the macros' errorMessage. */
export const errorsByField = (errors: FieldError[] | undefined): Record<string, { text: string }> => {
  const byField: Record<string, { text: string }> = {};
  for (const e of errors ?? []) byField[e.href.slice(1)] ??= { text: e.text };
  return byField;
};

/** A banner's message carried across the redirect after a change. */
export const withBanner = (url: string, message: string): string => {
  const [path = '', hash] = url.split('#');
  const query = `${path.includes('?') ? '&' : '?'}saved=${encodeURIComponent(message)}`;
  return `${path}${query}${hash ? `#${hash}` : ''}`;
};

export async function submitForm<R>(
  reply: FastifyReply,
  form: {
    run: () => Promise<R>;
    /** Where to go after the change, with the banner's message. */
    done: (result: R) => string;
    /** A command field's name → the id of its control. */
    fields?: Record<string, string>;
    /** The form again, with its errors and what was typed. */
    again: (errors: FieldError[]) => Promise<FastifyReply>;
  },
): Promise<FastifyReply> {
  let result: R;
  try {
    result = await form.run();
  } catch (error) {
    const errors = formErrors(error, form.fields);
    if (!errors) throw error;
    return form.again(errors);
  }
  return reply.redirect(form.done(result), 303);
}
