/**
 * Configuration, read in one place from the environment. Development defaults need no set-up; a
 * production start fails at once, naming every missing or invalid value.
 */
import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from './db/connection.ts';

/** The signing key a development machine uses; a production start refuses it. */
export const DEVELOPMENT_SECRET = 'development-only-secret-do-not-use-in-production';

const ConfigSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start postgres:// or sqlite:')
    .default(DEFAULT_DATABASE_URL),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Wrong passwords, per account and per address, before sign-in is refused for the window. */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** A session unused for this long ends; the user signs in again. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
  /** The time and memory one uploaded document may take to read, in its worker thread. */
  IMPORT_TIME_LIMIT_SECONDS: z.coerce.number().min(1).default(30),
  IMPORT_MEMORY_LIMIT_MB: z.coerce.number().int().min(64).default(512),
  /** Requests per minute, per process: sign-in attempts per address, API calls per token, uploads per user. */
  RATE_LIMIT_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_TOKEN_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_UPLOADS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** Signs the links in emails (unsubscribe): any long random text, the same for every app process. */
  SECRET_KEY: z.string().min(16, 'must be at least 16 characters').default(DEVELOPMENT_SECRET),
  /** Email by SMTP, e.g. smtp://user:pass@host:587; without it messages go to the log and the outbox page. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Improvement Plan Tracker <no-reply@localhost>'),
  /** How long a worker holds a message it is sending before another may try it (if the first died). */
  MAIL_CLAIM_SECONDS: z.coerce.number().int().min(1).default(60),
  /** How often the worker looks for work (the outbox; the daily digests once their hour has come). */
  WORKER_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
  /** The address people reach the service at, for links in emails. */
  PUBLIC_URL: z.url().optional(),
  /** Single sign-on with the council's OpenID Connect provider (Microsoft Entra ID, say): all of these, or none. */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URL: z.url().optional(),
});

const OIDC_SETTINGS = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL'] as const;

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
}

/** The single sign-on settings, or null when none are given. */
export function oidcSettings(config: Config): OidcSettings | null {
  if (
    !config.OIDC_ISSUER ||
    !config.OIDC_CLIENT_ID ||
    !config.OIDC_CLIENT_SECRET ||
    !config.OIDC_REDIRECT_URL
  )
    return null;
  return {
    issuer: config.OIDC_ISSUER,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    redirectUrl: config.OIDC_REDIRECT_URL,
  };
}

export const rateLimits = (config: Config) => ({
  signInPerMinute: config.RATE_LIMIT_SIGN_IN_PER_MINUTE,
  tokenPerMinute: config.RATE_LIMIT_TOKEN_PER_MINUTE,
  uploadsPerMinute: config.RATE_LIMIT_UPLOADS_PER_MINUTE,
});

/** The reading budget the configuration sets, for the server and the command line alike. */
export const readingBudget = (config: Config) => ({
  timeLimitMs: config.IMPORT_TIME_LIMIT_SECONDS * 1000,
  memoryLimitMb: config.IMPORT_MEMORY_LIMIT_MB,
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const given = OIDC_SETTINGS.filter((name) => parsed.data[name] !== undefined);
  if (given.length > 0 && given.length < OIDC_SETTINGS.length)
    throw new ConfigError(
      `Invalid configuration: single sign-on needs all of ${OIDC_SETTINGS.join(', ')}; missing ${OIDC_SETTINGS.filter((n) => !given.includes(n)).join(', ')}`,
    );
  if (parsed.data.NODE_ENV === 'production' && parsed.data.SMTP_URL && (!env.MAIL_FROM || !env.PUBLIC_URL))
    throw new ConfigError(
      'Invalid configuration: with SMTP_URL in production, set MAIL_FROM (who emails come from) and PUBLIC_URL (the address in their links)',
    );
  if (parsed.data.NODE_ENV === 'production' && parsed.data.SECRET_KEY === DEVELOPMENT_SECRET)
    throw new ConfigError(
      'Invalid configuration: SECRET_KEY must be set in production (long random text): the default one is published in the code',
    );
  if (parsed.data.NODE_ENV === 'production' && !env.DATABASE_URL) {
    throw new ConfigError('Invalid configuration: DATABASE_URL must be set in production');
  }
  return parsed.data;
}
