// One of dynalite's own actions, called by the engine without dynalite's HTTP layer: the same validation and the same
// action code, so the same answers, without replaying the request through dynalite's request listener.

import type { ActionData, Callback, Store } from 'dynalite/db/index.js';
import validations, { type ActionValidation } from 'dynalite/validations/index.js';

type CallbackAction = (store: Store, data: ActionData, callback: Callback) => void;

/**
 * dynalite's `validation` then its `action`, as its request listener runs them once the request is read and signed;
 * an action for `dynamodb-actions.ts`.
 */
export function dynaliteAction(validation: ActionValidation, action: CallbackAction): (store: Store, request: unknown) => Promise<object> {
  return (store, request) => {
    const data = validations.checkTypes(request, validation.types);
    validations.checkValidations(data, validation.types, validation.custom, store);
    return new Promise((resolve, reject) => {
      action(store, data, (error, result) => (error ? reject(error) : resolve(result ?? {})));
    });
  };
}
