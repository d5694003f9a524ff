import { describe, expect, it } from 'vitest';
import { Kind, type DocumentNode, visit } from 'graphql';
import { chatDocuments } from './chatOperations';

const STAFF_ONLY = [
  'confidence',
  'sources',
  'sentiment',
  'authorId',
  'pendingDraft',
  'escalation',
  'escalations',
  'owner',
  'agentId',
  'provenance',
  'grade',
];

function fieldNames(doc: DocumentNode): string[] {
  const names: string[] = [];
  visit(doc, {
    [Kind.FIELD](node) {
      names.push(node.name.value);
    },
  });
  return names;
}

describe('customer chat operations', () => {
  it('select no staff-only field', () => {
    for (const doc of chatDocuments) {
      const names = fieldNames(doc as DocumentNode);
      expect(names.filter((n) => STAFF_ONLY.includes(n))).toEqual([]);
    }
  });

  it('select exactly the customer-visible message fields', () => {
    const doc = chatDocuments[1] as DocumentNode;
    let selected: string[] = [];
    visit(doc, {
      [Kind.FIELD](node) {
        if (node.name.value === 'messages')
          selected = (node.selectionSet?.selections ?? []).map((s) =>
            s.kind === Kind.FIELD ? s.name.value : '?',
          );
      },
    });
    expect(selected).toEqual(['id', 'author', 'authorName', 'text', 'at']);
  });
});
