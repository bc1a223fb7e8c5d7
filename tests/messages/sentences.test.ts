import { describe, expect, it } from 'vitest';
import { listOf } from '../../src/messages/i18n/index.ts';
import { sentences } from '../../src/messages/sentences.ts';

describe('sentences of one message', () => {
  it('puts a space between English sentences and none after a Chinese full stop', () => {
    expect(sentences('Sent to Sam.', 'You have 2 this month.')).toBe('Sent to Sam. You have 2 this month.');
    expect(sentences('已提交给 Sam 审批。', '近 30 天已有 2 次。')).toBe(
      '已提交给 Sam 审批。近 30 天已有 2 次。',
    );
    expect(sentences('选哪一个？', 'Acme')).toBe('选哪一个？Acme');
  });

  it('leaves out empty parts without doubling a space', () => {
    expect(sentences('One.', undefined, '', 'Two.')).toBe('One. Two.');
    expect(sentences(undefined, '只有一句。')).toBe('只有一句。');
    expect(sentences()).toBe('');
  });

  it('lists names as each language does', () => {
    expect(listOf('en', ['Acme', 'Globex'])).toBe('Acme, Globex');
    expect(listOf('zh-CN', ['华为', '中兴'])).toBe('华为、中兴');
  });
});
