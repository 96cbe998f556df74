import { describe, expect, it } from 'vitest';
import { secretValuesFromEnv } from '../environment.js';
import { REDACTED, redactAttributes } from './redact-secrets.js';
import { isSecretKey } from './secret-keys.js';

describe('redactAttributes', () => {
  it('redacts credential-named attributes, whatever their prefix', () => {
    const attributes = {
      'http.request.header.authorization': 'Bearer abc',
      'x-goog-api-key': 'AIza123',
      'db.password': 'hunter2',
      'gen_ai.usage.input_tokens': 12,
      'genkit:name': 'flow',
    };
    expect(redactAttributes(attributes)).toEqual({
      'http.request.header.authorization': REDACTED,
      'x-goog-api-key': REDACTED,
      'db.password': REDACTED,
      'gen_ai.usage.input_tokens': 12,
      'genkit:name': 'flow',
    });
  });

  it('redacts a known secret value wherever it appears in a string or array', () => {
    const secret = 'AIzaSyTopSecretValue';
    const attributes = { 'genkit:input': `{"key":"${secret}","q":"hi"}`, list: ['a', secret], n: 1 };
    expect(redactAttributes(attributes, [secret])).toEqual({
      'genkit:input': `{"key":"${REDACTED}","q":"hi"}`,
      list: ['a', REDACTED],
      n: 1,
    });
  });

  it('returns the same object when nothing is secret', () => {
    const attributes = { a: 'x', b: [1, 2] };
    expect(redactAttributes(attributes, ['longsecretvalue'])).toBe(attributes);
  });

  it('knows which names are secrets', () => {
    expect(isSecretKey('Authorization')).toBe(true);
    expect(isSecretKey('api_key')).toBe(true);
    expect(isSecretKey('gen_ai.usage.output_tokens')).toBe(false);
    expect(isSecretKey('tokenizer')).toBe(false);
  });

  it.each([
    'GEMINI_API_KEY',
    'OPENAI_API_KEY',
    'db_password',
    'x-auth-token',
    'session_token',
    'aws_secret_access_key',
    'github_token',
    'passphrase',
    'jwt',
    'auth',
    'http.request.header.x-api-key',
    'client_secret',
    'PASSWORD_HASH',
    'set-cookie',
    'private_key',
  ])('treats %s as a secret name', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each([
    'token_count',
    'gen_ai.usage.input_tokens',
    'gen_ai.usage.output_tokens',
    'max_tokens',
    'tokenizer',
    'author',
    'genkit:name',
    'primary_key',
    'http.request.header.content-type',
  ])('leaves %s visible', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });

  it('takes secret values from secret-named environment variables only', () => {
    const env = { GEMINI_API_KEY: 'AIza-real-key', HOME: '/root/long/path', GITHUB_TOKEN: 'short' };
    expect(secretValuesFromEnv(env)).toEqual(['AIza-real-key']);
  });
});
