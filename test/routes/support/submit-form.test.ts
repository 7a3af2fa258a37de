import assert from 'node:assert/strict';
import { z } from 'zod';
import { FormError } from '../../../server/errors';
import { requiredText } from '../../../server/forms/fields';
import { parseForm } from '../../../server/forms/parse';
import { submitForm } from '../../../routes/support/submit-form';

const schema = z.object({ name: requiredText(20) });

describe('submitForm', () => {
  it('does not call the service when the form is refused, and keeps what was typed', async () => {
    let called = false;
    const result = await submitForm(parseForm(schema, { name: '', note: 'kept' }), async () => {
      called = true;
    });
    assert.equal(called, false);
    assert.deepEqual(result, { ok: false, errors: { name: 'forms.required' }, values: { name: '', note: 'kept' } });
  });

  it('turns the service’s FormError into field errors with the typed values', async () => {
    const result = await submitForm(parseForm(schema, { name: 'Kim' }), () =>
      Promise.reject(new FormError({ _form: 'enrollment.errors.clash' }, { titleKo: '기초' })),
    );
    assert.deepEqual(result, {
      ok: false,
      // A refusal by the service is not about the input: the summary's heading says so (routes/support/attempt.ts).
      errors: { _form: 'enrollment.errors.clash', _refused: 'true' },
      params: { titleKo: '기초' },
      status: 422,
      values: { name: 'Kim' },
    });
  });

  it('hands back the service’s value and the parsed data', async () => {
    const result = await submitForm(parseForm(schema, { name: ' Kim ' }), async (data) => data.name.length);
    assert.deepEqual(result, { ok: true, value: 3, data: { name: 'Kim' }, values: { name: ' Kim ' } });
  });

  it('lets any other failure through to the error handler', async () => {
    await assert.rejects(
      submitForm(parseForm(schema, { name: 'Kim' }), () => Promise.reject(new Error('boom'))),
      /boom/,
    );
  });
});
