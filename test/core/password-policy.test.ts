import { describe, expect, it } from 'vitest';
import {
  COMMON_PASSWORD_MESSAGE,
  PASSWORD_LENGTH_MESSAGE,
  passwordProblem,
} from '../../src/core/password-policy.ts';

describe('passwords as the NCSC advises', () => {
  it('asks for 12 characters and nothing about digits, capitals or symbols', () => {
    expect(passwordProblem('eleven char')).toBe(PASSWORD_LENGTH_MESSAGE);
    for (const fine of [
      'correct horse battery',
      'riverside-demo-2026',
      'kettle orchard violin',
      'ALLCAPSNODIGITS',
    ])
      expect(passwordProblem(fine), fine).toBeNull();
  });

  it('refuses common passwords, padded ones, repeats and runs', () => {
    for (const common of [
      'qwerty123456',
      '1qaz2wsx3edc',
      'Password123456!',
      '!!iloveyou2026',
      'aaaaaaaaaaaaaa',
      'abcdefghijklm',
      '123456789012',
      '987654321098',
    ])
      expect(passwordProblem(common), common).toBe(COMMON_PASSWORD_MESSAGE);
  });
});
