/** The billing details forms: contact (name, email, tax id) and address (issue 18: being built). */
import type { EngineForm } from '../shared/form-handler.ts';

export const billingContactFormHandler: EngineForm = {
  check: async () => undefined,
  submit: async () => {},
};

export const billingAddressFormHandler: EngineForm = {
  check: async () => undefined,
  submit: async () => {},
};
