/**
 * Form variables of a Camunda 7 form (`formVariables`, behind GET /task/{id}/form-variables): a
 * field's current value or its default in the field's type, dates in Camunda's format whether
 * they come from a variable or from the form's default text.
 */
import { describe, expect, it } from 'vitest';
import { formVariables } from '../../server/src/api/taskForm.ts';

describe('form variables', () => {
  it('answers defaults in the field type and dates in Camunda format', () => {
    // given
    const fields = [
      { id: 'due', type: 'date', defaultValue: '24/12/2026' },
      { id: 'decided', type: 'date' },
      { id: 'count', type: 'long', defaultValue: '7' },
      { id: 'ok', type: 'boolean', defaultValue: 'TRUE' },
      { id: 'note', type: 'string' },
    ];
    const visible = {
      values: { decided: '2026-01-05T08:00:00.000Z', extra: 1 },
      types: { decided: 'Date' as const },
    };
    // when
    const variables = formVariables(fields, visible);
    // then
    expect(variables).toEqual({
      due: { value: '2026-12-24T00:00:00.000+0000', type: 'Date', valueInfo: {} },
      decided: { value: '2026-01-05T08:00:00.000+0000', type: 'Date', valueInfo: {} },
      count: { value: 7, type: 'Long', valueInfo: {} },
      ok: { value: true, type: 'Boolean', valueInfo: {} },
      note: { value: null, type: 'String', valueInfo: {} },
      extra: { value: 1, type: 'Integer', valueInfo: {} },
    });
  });
});
