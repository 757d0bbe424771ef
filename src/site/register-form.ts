// The registration form: each field checked by the core schema as the person types or leaves it, the API's
// refusals shown on the same fields, and on success the card view in its place.
import { normalisePhone } from '../core/phone.js';
import type { Registration, RegistrationRules } from '../core/record.js';
import { register } from './api.js';
import type { CardView } from './card-view.js';
import { countryOptions } from './countries.js';
import { byId, element } from './dom.js';
import { answerErrors, fieldError, FORM_FIELDS, formErrors, type FieldErrors, type FormField } from './field-errors.js';
import type { PageState } from './page-state.js';
import { typeName } from './page-state.js';

type TextField = Exclude<FormField, 'type'>;
const TEXT_FIELDS = FORM_FIELDS.filter((field): field is TextField => field !== 'type');

export function createRegisterForm(state: PageState, cardView: CardView): void {
  const form = byId<HTMLFormElement>('register-form');
  const country = byId<HTMLSelectElement>('country');
  const summary = byId('form-summary');
  const submit = byId<HTMLButtonElement>('submit');
  const errors: FieldErrors = {};
  const touched = new Set<FormField>();
  let pageError: 'serverError' | 'networkError' | undefined;
  let busy = false;

  const input = (field: TextField) => byId<HTMLInputElement>(field);
  const rules = (): RegistrationRules => ({ cardTypes: state.config.cardTypes.map((type) => type.id), defaultCountry: country.value });
  const values = (): Record<FormField, string> => {
    const chosen = form.querySelector<HTMLInputElement>('input[name="type"]:checked');
    const text = (field: TextField) => input(field).value;
    return {
      type: chosen?.value ?? '',
      user_id: text('user_id'),
      name: text('name'),
      title: text('title'),
      company: text('company'),
      phone: text('phone'),
      email: text('email'),
    };
  };

  const renderErrors = () => {
    for (const field of FORM_FIELDS) {
      const key = errors[field];
      const message = byId(`error-${field}`);
      message.textContent = key ? state.messages.errors[key] : '';
      message.hidden = key === undefined;
      byId(`field-${field}`).classList.toggle('invalid', key !== undefined);
      if (field !== 'type') input(field).setAttribute('aria-invalid', String(key !== undefined));
    }
    const count = Object.keys(errors).length;
    summary.textContent = pageError ? state.messages[pageError] : count > 0 ? state.messages.formHasErrors(count) : '';
    summary.hidden = summary.textContent === '';
    submit.textContent = busy ? state.messages.submitting : state.messages.submit;
  };

  const check = (field: FormField) => {
    const error = fieldError(field, values()[field], rules());
    if (error) errors[field] = error;
    else delete errors[field];
    renderErrors();
  };

  const renderTypes = () => {
    const chosen = values().type || state.config.cardTypes[0]?.id;
    const options = byId('type-options');
    options.replaceChildren(
      ...state.config.cardTypes.map((type) => {
        const radio = element('input');
        radio.type = 'radio';
        radio.name = 'type';
        radio.value = type.id;
        radio.checked = type.id === chosen;
        const label = element(
          'label',
          { className: 'type-option' },
          radio,
          element('span', { className: 'swatch' }),
          element('span', { text: typeName(state, type.id) }),
        );
        // CSSOM, not a style attribute: the CSP forbids inline styles, not properties set from our own script.
        label.style.setProperty('--type-accent', type.accent);
        return label;
      }),
    );
  };

  const renderCountries = () => {
    const selected = country.value || state.config.defaultCountry;
    country.replaceChildren(...countryOptions(state.language, selected));
  };

  for (const field of TEXT_FIELDS) {
    const box = input(field);
    box.addEventListener('blur', () => {
      if (box.value.trim() !== '' || touched.has(field)) {
        touched.add(field);
        check(field);
      }
    });
    box.addEventListener('input', () => {
      if (touched.has(field) || errors[field]) check(field);
    });
  }
  country.addEventListener('change', () => {
    if (input('phone').value.trim() !== '') check('phone');
  });
  byId('type-options').addEventListener('change', () => {
    check('type');
    if (errors.user_id === 'duplicate') delete errors.user_id;
    renderErrors();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    void send();
  });

  async function send(): Promise<void> {
    pageError = undefined;
    const current = values();
    const found = formErrors(current, rules());
    for (const field of FORM_FIELDS) {
      touched.add(field);
      if (found[field]) errors[field] = found[field];
      else delete errors[field];
    }
    renderErrors();
    const first = FORM_FIELDS.find((field) => errors[field]);
    if (first) return focusField(first);
    busy = true;
    renderErrors();
    const answer = await register(state.config.apiBase, registration(current, country.value));
    busy = false;
    if (answer.kind === 'created') {
      form.hidden = true;
      cardView.show({ ...answer.record, created_at: answer.record.created_at });
      byId('card-heading').focus();
      return;
    }
    const refused = answer.kind === 'refused' ? answerErrors(answer.status, answer.body) : undefined;
    if (refused) Object.assign(errors, refused);
    else pageError = answer.kind === 'failed' && answer.reason === 'network' ? 'networkError' : 'serverError';
    renderErrors();
    const firstRefused = FORM_FIELDS.find((field) => errors[field]);
    if (firstRefused) focusField(firstRefused);
  }

  byId('again').addEventListener('click', () => {
    cardView.hide();
    form.reset();
    renderTypes();
    renderCountries();
    for (const field of FORM_FIELDS) delete errors[field];
    touched.clear();
    renderErrors();
    form.hidden = false;
    input('user_id').focus();
  });

  renderTypes();
  renderCountries();
  renderErrors();
  state.onLanguage.push(renderTypes, renderCountries, renderErrors);
}

function focusField(field: FormField): void {
  const target = field === 'type' ? document.querySelector<HTMLInputElement>('input[name="type"]') : document.getElementById(field);
  target?.focus();
}

/** What the API receives: trimmed text, optional fields left out when blank, the phone in E.164 for the chosen country. */
function registration(values: Readonly<Record<FormField, string>>, country: string): Registration {
  const phone = normalisePhone(values.phone, country);
  const optional = (field: 'title' | 'company' | 'email') => (values[field].trim() === '' ? {} : { [field]: values[field].trim() });
  return {
    user_id: values.user_id.trim(),
    type: values.type,
    name: values.name.trim(),
    phone: phone.ok ? phone.e164 : values.phone.trim(),
    ...optional('title'),
    ...optional('company'),
    ...optional('email'),
  };
}
