/** Password hashes (argon2id with OWASP's settings) and random secrets shown once and stored hashed. */
import { randomBytes } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';

export const newSecret = () => randomBytes(32).toString('base64url');

export async function hashPassword(password: string): Promise<string> {
  return argon2id({
    password,
    salt: randomBytes(16),
    parallelism: 1,
    iterations: 2,
    memorySize: 19456,
    hashLength: 32,
    outputType: 'encoded',
  });
}

export const verifyPassword = (password: string, hash: string) => argon2Verify({ password, hash });
