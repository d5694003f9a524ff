import { describe, expect, it } from 'vitest';
import {
  articleInput,
  decisionText,
  filterArticles,
  formOf,
  formProblems,
  parseQuestions,
  reasonName,
  sentimentText,
} from './KnowledgeModel';

const articles = [
  { id: 'refunds', title: 'Refunds', body: 'We refund within 14 days.', questions: ['Can I get my money back?'] },
  { id: 'export', title: 'Exporting notes', body: 'File > Export.', questions: ['How do I download my data?'] },
];

describe('knowledge model', () => {
  it('searches title, body and questions, every word, any case', () => {
    expect(filterArticles(articles, 'REFUND').map((a) => a.id)).toEqual(['refunds']);
    expect(filterArticles(articles, 'money back').map((a) => a.id)).toEqual(['refunds']);
    expect(filterArticles(articles, 'file export').map((a) => a.id)).toEqual(['export']);
    expect(filterArticles(articles, 'refund export')).toEqual([]);
    expect(filterArticles(articles, '  ')).toHaveLength(2);
  });

  it('reads one question per line', () => {
    expect(parseQuestions(' a \n\r\nb\na\n  ')).toEqual(['a', 'b']);
  });

  it('builds the ArticleInput; a blank id is left out', () => {
    expect(articleInput({ id: ' ', title: ' T ', body: 'B', questions: 'q1\nq2' })).toEqual({
      title: 'T',
      body: 'B',
      questions: ['q1', 'q2'],
    });
    expect(articleInput(formOf({ ...articles[0]! })).id).toBe('refunds');
  });

  it('requires title and body', () => {
    expect(formProblems({ id: '', title: '', body: ' ', questions: '' })).toEqual([
      'Title is required.',
      'Body is required.',
    ]);
  });

  it('says the decision in words', () => {
    expect(decisionText('ANSWER')).toMatch(/answer at once/);
    expect(decisionText('DRAFT')).toMatch(/review/);
    expect(decisionText('ESCALATE', 'billing')).toMatch(/billing queue/);
    expect(decisionText('ESCALATE')).toBe('It would escalate to a person.');
  });

  it('words sentiment and reasons', () => {
    expect(sentimentText(-0.61)).toBe('very negative (-0.61)');
    expect(sentimentText(0)).toBe('neutral (0.00)');
    expect(reasonName('EXPLICIT_REQUEST')).toBe('Explicit request');
  });
});
