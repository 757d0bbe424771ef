// The phone country choice: every country libphonenumber knows, named in the page's language by the browser.
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/min';
import { option } from './dom.js';

export function countryOptions(language: string, selected: string): HTMLOptionElement[] {
  const names = new Intl.DisplayNames([language], { type: 'region' });
  return getCountries()
    .map((code) => ({ code, name: names.of(code) ?? code, calling: getCountryCallingCode(code) }))
    .sort((left, right) => left.name.localeCompare(right.name, language))
    .map(({ code, name, calling }) => option(code, `${name} (+${calling})`, code === selected));
}
