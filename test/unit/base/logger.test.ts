import { describe, expect, it, vi } from 'vitest';
import { createHumanLogger, createJsonLogger, silentLogger } from '../../../main/base/logger';
import { redact } from '../../../main/base/redaction';

describe('redact', () => {
  it.each([
    ['a classic key', 'key sk-abcdefghijklmnop end'],
    ['a project key', 'using sk-proj-AbC_123-xyz_456789 now'],
    ['a key in JSON', '{"apiKey":"sk-abcdefgh12345678"}'],
    ['a key in a query', 'https://x.example/v1?key=sk-abcdefgh12345678'],
    ['a bearer token', 'Authorization: Bearer abc.def-ghi_jkl'],
    ['a lower-case bearer token', 'authorization: bearer abcdefgh12345678'],
    ['a base64 bearer token', 'Authorization: Bearer abcd+efgh/ijkl=='],
  ])('removes %s', (_name, text) => {
    const out = redact(text);
    expect(out).toContain('[redacted]');
    expect(out).not.toMatch(/sk-[A-Za-z0-9]|abc\.def|abcdefgh|efgh|ijkl/);
  });

  it('keeps the text around a key', () => {
    expect(redact('before sk-abcdefghijkl after')).toBe('before [redacted] after');
  });

  it('removes every occurrence', () => {
    expect(redact('sk-aaaaaaaaaa and sk-bbbbbbbbbb')).toBe('[redacted] and [redacted]');
  });

  it('leaves ordinary text alone', () => {
    const text = 'task-runner finished: disk-space ok, ask-me later, sk-short';
    expect(redact(text)).toBe(text);
  });

  it('removes known secrets that do not look like keys', () => {
    expect(redact('token=hunter2-custom;', ['hunter2-custom'])).toBe('token=[redacted];');
  });

  it('ignores known secrets too short to be safe to replace', () => {
    expect(redact('a b c', ['a', ''])).toBe('a b c');
  });
});

describe('createJsonLogger', () => {
  it('writes one redacted JSON line per record', () => {
    const write = vi.fn<(line: string) => void>();
    const log = createJsonLogger(
      write,
      () => ['my-custom-secret'],
      () => 42,
    );
    log('warn', 'session.failed', { message: 'key sk-abcdefghijkl and my-custom-secret' });
    expect(write).toHaveBeenCalledTimes(1);
    const line = write.mock.calls[0]![0];
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trimEnd()).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      ts: 42,
      level: 'warn',
      event: 'session.failed',
      message: 'key [redacted] and [redacted]',
    });
  });

  it('reads the known secrets at each call', () => {
    const write = vi.fn<(line: string) => void>();
    const secrets: string[] = [];
    const log = createJsonLogger(write, () => secrets);
    secrets.push('added-later-secret');
    log('info', 'x', { v: 'added-later-secret' });
    expect(write.mock.calls[0]![0]).not.toContain('added-later-secret');
  });

  it('silentLogger writes nothing and does not throw', () => {
    expect(() => silentLogger('error', 'x', { a: 1 })).not.toThrow();
  });
});

describe('redactUrl', () => {
  it('hides secret-looking query values and keeps the rest', async () => {
    const { redactUrl } = await import('../../../main/base/redaction');
    const out = redactUrl(
      'wss://x.openai.azure.com/openai/realtime?api-key=abc123def&model=gpt&deployment=d1',
    );
    expect(out).not.toContain('abc123def');
    expect(out).toContain('model=gpt');
    expect(out).toContain('deployment=d1');
  });
});

describe('createHumanLogger', () => {
  const lines = () => {
    const written: string[] = [];
    const log = createHumanLogger(
      (line) => written.push(line),
      () => ['my-custom-secret'],
    );
    return { written, log };
  };

  it('writes warnings and conversation changes as one readable line, redacted', () => {
    const { written, log } = lines();
    log('info', 'task.progress', { text: 'not for people' });
    log('debug', 'conversation.state', { phase: 'live' });
    log('info', 'conversation.state', { phase: 'live' });
    log('warn', 'session.dropped', { detail: 'closed (1008) by my-custom-secret' });
    expect(written).toEqual([
      '[parley] info conversation.state: live\n',
      '[parley] warn session.dropped: closed (1008) by [redacted]\n',
    ]);
  });

  it("says what went wrong: an error message, or a problem's summary and detail", () => {
    const { written, log } = lines();
    log('error', 'conversation.failed', { message: 'start failed', error: 'HTTP 401' });
    const problem = {
      summary: 'The key was refused',
      detail: 'HTTP 401 Unauthorized',
      actions: [],
    };
    log('info', 'conversation.state', { phase: 'closed', error: problem });
    expect(written).toEqual([
      '[parley] error conversation.failed: start failed (HTTP 401)\n',
      '[parley] info conversation.state: closed (The key was refused: HTTP 401 Unauthorized)\n',
    ]);
  });
});
