/**
 * Camunda 8 embedded forms: a user task's `zeebe:formDefinition formKey="camunda-forms:bpmn:<id>"`
 * names a `zeebe:userTaskForm id="<id>"` of its process, whose body is a form-js JSON schema. Its
 * input components become the same `FormField[]` that `camunda:formData` gives, so the REST API
 * renders and validates both dialects alike. Layout components are skipped, groups flattened.
 */
import type { FormField } from '../protocol/definition.ts';
import type { DiagnosticSink, Subject } from './diagnosticSink.ts';

/** The formKey prefix of a form embedded in the process (`camunda-forms:bpmn:UserTaskForm_1`). */
export const EMBEDDED_FORM_PREFIX = 'camunda-forms:bpmn:';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Component = { readonly [key: string]: Json };

/** Components that only lay out or decorate the form: no value of their own. */
const LAYOUT = new Set([
  'text',
  'html',
  'image',
  'spacer',
  'separator',
  'button',
  'iframe',
  'table',
  'documentPreview',
]);

/** Containers whose children bind to top-level variables unless the container has a `path`. */
const CONTAINERS = new Set(['group', 'page', 'multipage']);

const isObject = (v: Json | undefined): v is { [key: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A limit as form-js allows it (a number or numeric text); expressions (`=...`) are skipped. */
function numeric(v: Json | undefined): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return v.trim();
  return undefined;
}

/** A static text property; FEEL expressions (`=...`) are evaluated by form-js at render time. */
function text(v: Json | undefined): string | undefined {
  return typeof v === 'string' && v !== '' && !v.startsWith('=') ? v : undefined;
}

export class FormJsReader {
  private readonly fields: FormField[] = [];
  private readonly seen = new Set<string>();

  private constructor(
    private readonly sink: DiagnosticSink,
    private readonly subject: Subject,
    private readonly formId: string,
  ) {}

  /**
   * The fields of the form-js schema `body`, or undefined (with an error diagnostic on `subject`)
   * when the body is not a form-js schema.
   */
  static read(body: string, formId: string, sink: DiagnosticSink, subject: Subject): FormField[] | undefined {
    let schema: Json;
    try {
      schema = JSON.parse(body) as Json;
    } catch (error) {
      sink.error(
        subject,
        'form.invalid-json',
        `The embedded form '${formId}' (zeebe:userTaskForm) is not valid JSON: ${(error as Error).message}`,
      );
      return undefined;
    }
    const components = isObject(schema) ? schema.components : undefined;
    if (!Array.isArray(components)) {
      sink.error(
        subject,
        'form.invalid-schema',
        `The embedded form '${formId}' (zeebe:userTaskForm) is not a form-js schema: it has no "components" list`,
      );
      return undefined;
    }
    const reader = new FormJsReader(sink, subject, formId);
    reader.components(components, undefined);
    return reader.fields;
  }

  private warn(code: string, message: string): void {
    this.sink.warning(this.subject, code, `Embedded form '${this.formId}': ${message}`);
  }

  private components(list: Json[], path: string | undefined): void {
    for (const c of list) if (isObject(c)) this.component(c, path);
  }

  private component(c: Component, path: string | undefined): void {
    const type = typeof c.type === 'string' ? c.type : '';
    if (LAYOUT.has(type)) return;
    if (CONTAINERS.has(type)) {
      const own = typeof c.path === 'string' && c.path !== '' ? c.path : undefined;
      const inner = own === undefined ? path : path === undefined ? own : `${path}.${own}`;
      if (Array.isArray(c.components)) this.components(c.components, inner);
      return;
    }
    const key = typeof c.key === 'string' && c.key !== '' ? c.key : undefined;
    if (type === 'dynamiclist') {
      const name = typeof c.path === 'string' ? c.path : (key ?? '');
      this.warn(
        'form.field-unsupported',
        `the dynamic list '${name}' is a list of objects; its entries are not checked on submit`,
      );
      return;
    }
    if (key === undefined) return;
    const id = path === undefined ? key : `${path}.${key}`;
    if (id.includes('.')) {
      this.warn(
        'form.field-unsupported',
        `field '${id}' binds to a nested variable; only top-level variables are checked on submit`,
      );
      return;
    }
    const field = this.field(c, type, id);
    if (!field) return;
    if (this.seen.has(id)) {
      this.warn('form.duplicate-key', `more than one field binds to '${id}'; the first one is used`);
      return;
    }
    this.seen.add(id);
    this.fields.push(field);
  }

  /** The field of an input component, or undefined (with a warning) for inputs Baton cannot check. */
  private field(c: Component, type: string, id: string): FormField | undefined {
    let label = text(c.label);
    let fieldType: string;
    let values: FormField['values'];
    switch (type) {
      case 'textfield':
      case 'textarea':
        fieldType = 'string';
        break;
      case 'number':
        // form-js allows any decimals unless decimalDigits limits them; 0 means whole numbers.
        fieldType = c.decimalDigits === 0 ? 'long' : 'double';
        break;
      case 'checkbox':
        fieldType = 'boolean';
        break;
      case 'select':
      case 'radio': {
        // Options from a variable (valuesKey) or an expression are only known at run time.
        const options = Array.isArray(c.values) ? c.values.filter(isObject) : [];
        if (options.length === 0 || c.valuesKey || c.valuesExpression) {
          fieldType = 'string';
          break;
        }
        fieldType = 'enum';
        values = options
          .filter((o) => o.value !== undefined && o.value !== null)
          .map((o) => ({ id: String(o.value), name: text(o.label) ?? String(o.value) }));
        break;
      }
      case 'datetime': {
        const subtype = typeof c.subtype === 'string' ? c.subtype : 'date';
        fieldType = subtype === 'time' ? 'string' : 'date';
        label = text(subtype === 'time' ? c.timeLabel : c.dateLabel) ?? label;
        break;
      }
      case 'expression':
        // Computed by the form from other fields; nothing a person enters.
        return undefined;
      default:
        this.warn(
          'form.field-unsupported',
          `field '${id}' of type '${type}' is not checked on submit (supported: textfield, textarea, number, checkbox, select, radio, datetime)`,
        );
        return undefined;
    }
    const field: FormField = { id, type: fieldType };
    if (label) field.label = label;
    const d = c.defaultValue;
    if (typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean')
      field.defaultValue = String(d);
    if (values) field.values = values;
    const validation = this.validation(c, id, fieldType);
    if (validation.length > 0) field.validation = validation;
    if (validation.some((v) => v.name === 'required')) field.required = true;
    if (c.readonly === true || c.disabled === true) field.readonly = true;
    return field;
  }

  /** `validate` as camunda:validation constraints (required, minlength, maxlength, min, max, pattern). */
  private validation(c: Component, id: string, fieldType: string): NonNullable<FormField['validation']> {
    const out: NonNullable<FormField['validation']> = [];
    const v = isObject(c.validate) ? c.validate : {};
    if (v.required === true) out.push({ name: 'required' });
    const limits: [string, string][] = [
      ['minLength', 'minlength'],
      ['maxLength', 'maxlength'],
      ['min', 'min'],
      ['max', 'max'],
    ];
    for (const [from, name] of limits) {
      const config = numeric(v[from]);
      if (config !== undefined) out.push({ name, config });
    }
    const decimals = c.decimalDigits;
    if (fieldType === 'double' && typeof decimals === 'number' && Number.isInteger(decimals) && decimals > 0)
      out.push({ name: 'decimaldigits', config: String(decimals) });
    const custom =
      v.validationType === undefined || v.validationType === null || v.validationType === 'custom';
    if (typeof v.pattern === 'string' && v.pattern !== '' && custom) {
      try {
        new RegExp(v.pattern);
        out.push({ name: 'pattern', config: v.pattern });
      } catch (error) {
        this.warn(
          'form.pattern',
          `the pattern of field '${id}' is not a regular expression and is ignored: ${(error as Error).message}`,
        );
      }
    } else if (v.validationType === 'email' || v.validationType === 'phone') {
      this.warn(
        'form.field-unsupported',
        `the ${v.validationType} check of field '${id}' is not applied on submit`,
      );
    }
    return out;
  }
}
