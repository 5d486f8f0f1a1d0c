/**
 * Configuration, read in one place from the environment. Development defaults need no set-up; a
 * production start fails at once, naming every missing or invalid value.
 */
import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from './db/connection.ts';

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
});

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
  if (parsed.data.NODE_ENV === 'production' && !env.DATABASE_URL) {
    throw new ConfigError('Invalid configuration: DATABASE_URL must be set in production');
  }
  return parsed.data;
}
