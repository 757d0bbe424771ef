// Rules for the ids people and operators choose, shared by the config schema and the Lambda handlers.
// No zod here: a handler that only checks an id does not load the config schema.

/** A card type id: 1-32 of a-z, 0-9 and "-", starting with a letter (e.g. "attendee"). */
export const CARD_TYPE_ID_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
