/**
 * JSON bodies are parsed only when they nest at most `MAX_JSON_DEPTH` deep: a million nested brackets would
 * otherwise cost the process hundreds of megabytes (or its stack) before any route could refuse them. The depth is
 * counted in one pass over the text, outside strings, before parsing.
 */
import type { FastifyInstance } from 'fastify';
import createError from 'http-errors';
import secureJson from 'secure-json-parse';

export const MAX_JSON_DEPTH = 64;

export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

export function parseJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH))
      return done(createError(400, `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    try {
      // As Fastify's own parser: a __proto__ or constructor.prototype key is an error, not a way in.
      done(
        null,
        secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }) as unknown,
      );
    } catch (error) {
      done(createError(400, `The body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
}
