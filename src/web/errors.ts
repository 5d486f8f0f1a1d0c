/**
 * The single error handler: storage and validation errors become HTTP statuses with a stable code, so
 * routes throw and never format errors themselves.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { fieldPath, ForbiddenError } from '../core/errors.ts';
import { MissingVersionError, NotFoundError, StaleVersionError, ValidationError } from '../db/errors.ts';

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorised',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
};

export interface ApiError {
  error: { code: string; message: string; details?: unknown };
}

export function toApiError(error: unknown): { status: number; body: ApiError } {
  if (error instanceof NotFoundError) {
    return { status: 404, body: { error: { code: 'not_found', message: error.message } } };
  }
  if (error instanceof StaleVersionError) {
    return {
      status: 409,
      body: {
        error: {
          code: 'stale_version',
          message: error.message,
          details: { expected: error.expected, current: error.actual },
        },
      },
    };
  }
  if (error instanceof ForbiddenError) {
    return { status: 403, body: { error: { code: 'forbidden', message: error.message } } };
  }
  if (error instanceof MissingVersionError) {
    return {
      status: 409,
      body: {
        error: { code: 'version_required', message: error.message, details: { current: error.actual } },
      },
    };
  }
  if (error instanceof ZodError) {
    const details = error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }));
    return {
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: details.map((d) => `${d.field}: ${d.message}`).join('; '),
          details,
        },
      },
    };
  }
  if (error instanceof ValidationError) {
    return {
      status: 400,
      body: { error: { code: 'invalid_input', message: error.message, details: error.details } },
    };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    return {
      status: fastifyError.statusCode,
      body: {
        error: {
          code: STATUS_CODES[fastifyError.statusCode] ?? fastifyError.code ?? 'bad_request',
          message: fastifyError.message,
        },
      },
    };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'Something went wrong on our side. It has been logged.' } },
  };
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body } = toApiError(error);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  return reply.status(status).send(body);
}

/** A field error for the GOV.UK error summary: its text, and the id of the field it links to. */
export interface FieldError {
  text: string;
  href: string;
}

/**
 * The errors a command gave for bad input, as a form shows them; undefined when the error is not about input.
 * `fields` maps a field's name in the command (or its full path, "statusKey[1].label") to the id of its control.
 */
export function formErrors(error: unknown, fields: Record<string, string> = {}): FieldError[] | undefined {
  const details =
    error instanceof ZodError
      ? error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }))
      : error instanceof ValidationError
        ? error.details.length > 0
          ? error.details
          : [{ field: undefined, message: error.message }]
        : undefined;
  return details?.map((d) => {
    const top = /^[^.[]*/.exec(d.field ?? '')?.[0] ?? '';
    // A field in a list ("statusKey[1].label") goes to its own control when the form names one.
    return { text: d.message, href: `#${fields[d.field ?? ''] ?? fields[top] ?? (top || 'main-content')}` };
  });
}
